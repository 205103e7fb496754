import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsUrl, Length, MaxLength } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { ConnectionArgs } from "../../shared/pagination";
import { WebhookEvent } from "./webhook-event";

@InputType()
export class CreateWebhookInput {
  @Field({ description: "The receiver's http(s) URL." })
  @MaxLength(500, { message: "must be at most 500 characters" })
  @IsUrl({ protocols: ["https", "http"], require_protocol: true, require_tld: false }, { message: "must be an http(s) URL" })
  url: string;

  @Field(() => [WebhookEvent], { description: "The events to deliver (at least one)." })
  @ArrayMinSize(1, { message: "must list at least one event" })
  @ArrayMaxSize(20, { message: "lists at most 20 events" })
  @ArrayUnique({ message: "must not repeat an event" })
  events: WebhookEvent[];

  @Field({ description: "16–200 characters shared with the receiver; deliveries are signed with it (HMAC-SHA256). Never returned." })
  @Length(16, 200, { message: "must be 16–200 characters long" })
  secret: string;
}

@ArgsType()
export class WebhookDeliveriesArgs extends ConnectionArgs {
  @Field(() => ID)
  webhookId: string;
}
