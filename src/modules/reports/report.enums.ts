import { registerEnumType } from "type-graphql";

/** OPEN until a moderator decides; RESOLVED when action was taken, DISMISSED when none was. */
export enum ReportStatus {
  OPEN = "OPEN",
  RESOLVED = "RESOLVED",
  DISMISSED = "DISMISSED",
}
registerEnumType(ReportStatus, {
  name: "ReportStatus",
  description: "OPEN: waiting for a moderator. RESOLVED: the moderator acted (removed the content and/or sanctioned its author). DISMISSED: no violation found.",
});

export enum ReportDecision {
  DISMISS = "DISMISS",
  REMOVE_CONTENT = "REMOVE_CONTENT",
  SANCTION = "SANCTION",
  REMOVE_AND_SANCTION = "REMOVE_AND_SANCTION",
}
registerEnumType(ReportDecision, {
  name: "ReportDecision",
  description: "What a moderator decided on the open reports of one target.",
  valuesConfig: {
    DISMISS: { description: "No violation: reports DISMISSED, hidden content shown again." },
    REMOVE_CONTENT: { description: "The article or comment becomes REMOVED." },
    SANCTION: { description: "The content's author (or the reported user) is sanctioned; the content stays (shown again if it was hidden)." },
    REMOVE_AND_SANCTION: { description: "Both." },
  },
});

/** The kinds of object that can be reported; the value is the GraphQL type name of the global ID. */
export enum ReportTargetType {
  ARTICLE = "Article",
  COMMENT = "Comment",
  USER = "User",
}
registerEnumType(ReportTargetType, { name: "ReportTargetType", description: "ARTICLE, COMMENT or USER." });

export const REPORTABLE_TYPES: readonly string[] = Object.values(ReportTargetType);

export const removes = (d: ReportDecision): boolean => d === ReportDecision.REMOVE_CONTENT || d === ReportDecision.REMOVE_AND_SANCTION;
export const sanctions = (d: ReportDecision): boolean => d === ReportDecision.SANCTION || d === ReportDecision.REMOVE_AND_SANCTION;

/** Distinct reporters with OPEN reports at which an article or comment is hidden pending review (SPEC 5). */
export const HIDE_THRESHOLD = 5;
