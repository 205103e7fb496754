import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { AppContext } from "../../context";
import { registerNodeType } from "../../shared/node";
import { Connection, ConnectionArgs } from "../../shared/pagination";
import { SessionOnly } from "../api-tokens/api-scope";
import { hasRole, Role } from "../users/role";
import { Webhook, WebhookDelivery } from "./webhook.entity";
import { CreateWebhookInput, WebhookDeliveriesArgs } from "./webhook.inputs";
import * as webhooks from "./webhook.service";
import { rowById } from "../../shared/loaders";

export const WebhookConnection = Connection(Webhook);
export const WebhookDeliveryConnection = Connection(WebhookDelivery);

const isAdmin = (ctx: AppContext) => Boolean(ctx.viewer && hasRole(ctx.viewer.roles, Role.ADMIN));
registerNodeType("Webhook", async (id, ctx) => (isAdmin(ctx) ? ctx.loaders.get(rowById(Webhook)).load(id) : null));
registerNodeType("WebhookDelivery", async (id, ctx) => (isAdmin(ctx) ? ctx.loaders.get(rowById(WebhookDelivery)).load(id) : null));

@Resolver()
export class WebhookResolver {
  @Authorized(Role.ADMIN)
  @SessionOnly()
  @Mutation(() => Webhook, { description: "ADMIN: registers an endpoint that receives signed deliveries of the given events." })
  createWebhook(@Arg("input") input: CreateWebhookInput, @Ctx() ctx: AppContext): Promise<Webhook> {
    return webhooks.createWebhook(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @SessionOnly()
  @Mutation(() => Webhook, { description: "ADMIN: deletes a webhook and its deliveries (pending ones are not sent). Returns what was deleted." })
  deleteWebhook(@Arg("id", () => ID) id: string, @Ctx() ctx: AppContext): Promise<Webhook> {
    return webhooks.deleteWebhook(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @SessionOnly()
  @Mutation(() => WebhookDelivery, { description: "ADMIN: sends a DELIVERED or FAILED delivery again, with a fresh set of attempts." })
  retryWebhookDelivery(@Arg("id", () => ID) id: string, @Ctx() ctx: AppContext): Promise<WebhookDelivery> {
    return webhooks.retryWebhookDelivery(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @SessionOnly()
  @Query(() => WebhookConnection, { description: "ADMIN: the registered webhooks, newest first." })
  async webhooks(@Args() args: ConnectionArgs, @Ctx() ctx: AppContext) {
    const { page, count } = await webhooks.listWebhooks(ctx, args);
    return WebhookConnection.from(page, count);
  }

  @Authorized(Role.ADMIN)
  @SessionOnly()
  @Query(() => WebhookDeliveryConnection, { description: "ADMIN: a webhook's deliveries, newest first: status, attempts, last response code and error." })
  async webhookDeliveries(@Args() args: WebhookDeliveriesArgs, @Ctx() ctx: AppContext) {
    const { page, count } = await webhooks.listDeliveries(ctx, args);
    return WebhookDeliveryConnection.from(page, count);
  }
}
