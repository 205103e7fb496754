import type { DataSource } from "typeorm";
import { toGlobalId } from "../src/shared/global-id";
import { ReportCategory } from "../src/modules/moderation/moderation.enums";
import { openKeyOf, Report } from "../src/modules/reports/report.entity";
import { ReportStatus, ReportTargetType } from "../src/modules/reports/report.enums";
import type { User } from "../src/modules/users/user.entity";

export interface ReportOverrides {
  reporter: User;
  /** The reported object and the user accountable for it. */
  target: { type: ReportTargetType; id: number; ownerId: number };
  category?: ReportCategory;
  ruleCode?: string | null;
  status?: ReportStatus;
  createdAt?: Date;
}

/** A report row written directly (bulk set-up for queue tests). */
export async function buildReport(ds: DataSource, o: ReportOverrides): Promise<Report> {
  const status = o.status ?? ReportStatus.OPEN;
  return ds.getRepository(Report).save(
    ds.getRepository(Report).create({
      reporterId: o.reporter.id,
      targetType: o.target.type,
      targetId: o.target.id,
      targetOwnerId: o.target.ownerId,
      category: o.category ?? ReportCategory.SPAM,
      ruleCode: o.ruleCode ?? null,
      details: "测试举报",
      status,
      openKey: status === ReportStatus.OPEN ? openKeyOf(o.target.type, o.target.id, o.reporter.id) : null,
      decision: null,
      resolutionNote: null,
      resolvedById: null,
      resolvedAt: status === ReportStatus.OPEN ? null : (o.createdAt ?? new Date()),
      evidenceId: null,
      createdAt: o.createdAt ?? new Date(),
    }),
  );
}

export const articleTarget = (a: { id: number; authorId: number }) => ({ type: ReportTargetType.ARTICLE, id: a.id, ownerId: a.authorId });
export const commentTarget = (c: { id: number; authorId: number }) => ({ type: ReportTargetType.COMMENT, id: c.id, ownerId: c.authorId });
export const userTarget = (u: { id: number }) => ({ type: ReportTargetType.USER, id: u.id, ownerId: u.id });
export const gid = (type: string, row: { id: number }) => toGlobalId(type, row.id);
