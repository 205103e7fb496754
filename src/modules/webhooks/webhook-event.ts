import { registerEnumType } from "type-graphql";

/** Events partners can subscribe to. GraphQL shows the member names; the wire name is the value. */
export enum WebhookEvent {
  ARTICLE_PUBLISHED = "article.published",
  ARTICLE_REMOVED = "article.removed",
  COMMENT_CREATED = "comment.created",
  SANCTION_ISSUED = "sanction.issued",
  APPEAL_DECIDED = "appeal.decided",
}

registerEnumType(WebhookEvent, {
  name: "WebhookEvent",
  description: "A webhook event. Deliveries name it by its wire name (the `type` of the JSON body and the `x-zhiyan-event` header).",
  valuesConfig: {
    ARTICLE_PUBLISHED: { description: "article.published — an article became public (published by its author or accepted by an editor)." },
    ARTICLE_REMOVED: { description: "article.removed — a moderator removed an article." },
    COMMENT_CREATED: { description: "comment.created — a comment or reply was added." },
    SANCTION_ISSUED: { description: "sanction.issued — a moderator issued a sanction." },
    APPEAL_DECIDED: { description: "appeal.decided — a moderator decided an appeal." },
  },
});

export enum WebhookDeliveryStatus {
  PENDING = "PENDING",
  DELIVERED = "DELIVERED",
  FAILED = "FAILED",
}

registerEnumType(WebhookDeliveryStatus, {
  name: "WebhookDeliveryStatus",
  description: "PENDING: waiting for its (next) attempt; DELIVERED: the receiver answered 2xx; FAILED: gave up after the last attempt.",
});
