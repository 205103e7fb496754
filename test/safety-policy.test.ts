import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { rootFieldNames } from "../src/modules/moderation/ban-guard.plugin";
import { Aggravation, endOf, SanctionLevel, SanctionStatus } from "../src/modules/moderation/moderation.enums";
import { Sanction } from "../src/modules/moderation/sanction.entity";
import { countsForLadder, effectiveAggravations, sanctionStatus, suggestLevel } from "../src/modules/moderation/sanction.policy";
import { findRule } from "../src/modules/moderation/convention";
import { computeStanding } from "../src/modules/moderation/standing.policy";

const T0 = new Date("2026-03-01T08:00:00.000Z");
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);

function sanction(level: SanctionLevel, startsAt: Date, extra: Partial<Sanction> = {}): Sanction {
  return Object.assign(new Sanction(), { id: Math.floor(Math.random() * 1e6), level, startsAt, endsAt: endOf(level, startsAt), revokedAt: null, reducedFrom: null, ruleCode: "2.6", ...extra });
}

describe("safety policies (pure)", () => {
  it("suggestLevel follows the ladder and caps at BAN", () => {
    const plain = [0, 1, 2, 3, 4, 5, 9].map((n) => suggestLevel(n, []).level);
    assert.deepEqual(plain, ["MUTE_1D", "MUTE_7D", "MUTE_15D", "MUTE_PERMANENT", "BAN", "BAN", "BAN"]);
    const aggravated = [0, 1, 2, 3].map((n) => suggestLevel(n, [Aggravation.MINOR_HARM, Aggravation.FRAUDULENT_REGISTRATION]).level);
    assert.deepEqual(aggravated, ["MUTE_15D", "MUTE_PERMANENT", "BAN", "BAN"], "two aggravations still add two steps");
  });

  it("effectiveAggravations adds what the rule implies, without duplicates", () => {
    assert.deepEqual(effectiveAggravations([Aggravation.MINOR_HARM], findRule("1.12")), ["MINOR_HARM"]);
    assert.deepEqual(effectiveAggravations([], findRule("8.4")), ["MULTI_ACCOUNT_ABUSE"]);
    assert.deepEqual(effectiveAggravations(undefined, findRule("2.6")), []);
  });

  it("sanctionStatus and countsForLadder are functions of the clock", () => {
    const s = sanction(SanctionLevel.MUTE_7D, T0);
    assert.equal(sanctionStatus(s, at(6.9)), SanctionStatus.ACTIVE);
    assert.equal(sanctionStatus(s, at(7)), SanctionStatus.EXPIRED);
    assert.equal(sanctionStatus({ ...s, reducedFrom: SanctionLevel.BAN }, at(1)), SanctionStatus.REDUCED);
    assert.equal(sanctionStatus({ ...s, revokedAt: at(2) }, at(1)), SanctionStatus.ACTIVE);
    assert.equal(sanctionStatus({ ...s, revokedAt: at(2) }, at(2)), SanctionStatus.REVOKED);
    assert.equal(countsForLadder(s, at(364)), true);
    assert.equal(countsForLadder(s, at(365)), false);
    assert.equal(countsForLadder({ ...s, revokedAt: at(1) }, at(2)), false);
  });

  it("computeStanding: a ban decides; the longest mute gives mutedUntil; permanent gives null", () => {
    const mute = sanction(SanctionLevel.MUTE_1D, T0);
    const longer = sanction(SanctionLevel.MUTE_15D, at(-1));
    const s = computeStanding([mute, longer], at(0.5));
    assert.deepEqual([s.muted, s.banned, s.mutedUntil?.toISOString()], [true, false, at(14).toISOString()]);
    const perm = computeStanding([mute, sanction(SanctionLevel.MUTE_PERMANENT, T0)], at(0.5));
    assert.deepEqual([perm.muted, perm.mutedPermanently, perm.mutedUntil], [true, true, null]);
    const ban = computeStanding([mute, sanction(SanctionLevel.BAN, T0)], at(0.5));
    assert.equal(ban.banned, true);
    assert.equal(ban.decisive?.level, SanctionLevel.BAN);
    assert.equal(computeStanding([mute], at(1)).muted, false);
  });

  it("rootFieldNames sees through inline fragments and fragment spreads", () => {
    const doc = parse(`mutation { a ...F ... on Mutation { b } } fragment F on Mutation { c ...G } fragment G on Mutation { d ...F }`);
    const op = doc.definitions[0] as OperationDefinitionNode;
    const fragments = new Map(doc.definitions.slice(1).map((d) => [(d as FragmentDefinitionNode).name.value, d as FragmentDefinitionNode]));
    assert.deepEqual(rootFieldNames(op.selectionSet, fragments).sort(), ["a", "b", "c", "d"]);
  });
});
