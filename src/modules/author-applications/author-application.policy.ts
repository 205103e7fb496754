import { AppError, conflict, forbidden, invalidState } from "../../errors";
import type { Viewer } from "../auth/auth.service";
import { hasRole, Role } from "../users/role";
import { AuthorApplicationStatus, type AuthorApplication } from "./author-application.entity";

export const REAPPLY_AFTER_DAYS = 30;
const DAY_MS = 86_400_000;

type ApplicationFacts = Pick<AuthorApplication, "userId" | "status" | "reviewedAt" | "createdAt">;

/** When a rejected applicant may apply again: 30 days after the decision. */
export const reapplyAllowedAt = (rejected: ApplicationFacts): Date => new Date((rejected.reviewedAt ?? rejected.createdAt).getTime() + REAPPLY_AFTER_DAYS * DAY_MS);

/**
 * A user who is not yet an author may apply: not while an application is pending, and not within
 * 30 days of a rejection (the refusal says from when). Standing checks may be added here later.
 */
export function assertCanApply(viewer: Viewer, latest: ApplicationFacts | null, now: Date): void {
  if (hasRole(viewer.roles, Role.AUTHOR)) throw conflict("ALREADY_AUTHOR", "You can already publish as an author.");
  if (latest?.status === AuthorApplicationStatus.PENDING) {
    throw conflict("APPLICATION_PENDING", "You already have an author application waiting for review.");
  }
  if (latest?.status === AuthorApplicationStatus.REJECTED) {
    const allowedAt = reapplyAllowedAt(latest);
    if (now < allowedAt) {
      throw new AppError(
        "FORBIDDEN",
        "REAPPLY_TOO_SOON",
        `Your last application was rejected; you can apply again from ${allowedAt.toISOString()} (${REAPPLY_AFTER_DAYS} days after the decision).`,
        { reapplyAllowedAt: allowedAt.toISOString() },
      );
    }
  }
}

/** An EDITOR decides a PENDING application, never their own. */
export function assertCanReviewApplication(viewer: Viewer | null, application: ApplicationFacts): void {
  if (!viewer || !hasRole(viewer.roles, Role.EDITOR)) throw forbidden("ROLE_REQUIRED", "This needs the role EDITOR.");
  if (application.status !== AuthorApplicationStatus.PENDING) throw invalidState("ALREADY_REVIEWED", `This application was already ${application.status}.`);
  if (application.userId === viewer.id) throw forbidden("CONFLICT_OF_INTEREST", "Editors do not review their own application.");
}

/** The applicant and editors see an application; nobody else. */
export const canViewApplication = (viewer: Viewer | null, application: Pick<AuthorApplication, "userId">): boolean =>
  !!viewer && (viewer.id === application.userId || hasRole(viewer.roles, Role.EDITOR));
