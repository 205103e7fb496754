import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from "typeorm";
import { dateTimeColumn, idColumn, intColumn } from "../src/shared/columns";

const fk = (name: string, columns: string[], table: string, referenced: string[], onDelete: string) =>
  new TableForeignKey({ name, columnNames: columns, referencedTableName: table, referencedColumnNames: referenced, onDelete, onUpdate: "NO ACTION" });

/**
 * Trust and safety: the convention as versioned data, sanctions (with links to the reports they
 * answer), and appeals. The convention's rows are loaded at start-up (syncConvention), not here,
 * so a new convention.json becomes a new version without a migration.
 */
export class TrustAndSafety1764000400000 implements MigrationInterface {
  name = "TrustAndSafety1764000400000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "convention_versions",
        columns: [
          { name: "version", type: "varchar", length: "20", isPrimary: true },
          { name: "title", type: "varchar", length: "100" },
          { name: "document", type: "text" },
          dateTimeColumn("loadedAt"),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "convention_rules",
        columns: [
          { name: "version", type: "varchar", length: "20", isPrimary: true },
          { name: "code", type: "varchar", length: "10", isPrimary: true },
          { name: "category", type: "varchar", length: "30" },
          { name: "title", type: "varchar", length: "200" },
          { name: "minorHarm", type: "boolean", default: 0 },
          { name: "multiAccount", type: "boolean", default: 0 },
        ],
        indices: [new TableIndex({ name: "IDX_convention_rules_category", columnNames: ["version", "category"] })],
        foreignKeys: [fk("FK_convention_rules_version", ["version"], "convention_versions", ["version"], "CASCADE")],
      }),
    );
    await q.createTable(
      new Table({
        name: "sanctions",
        columns: [
          idColumn,
          intColumn("userId"),
          { name: "level", type: "varchar", length: "20" },
          { name: "reducedFrom", type: "varchar", length: "20", isNullable: true },
          { name: "ruleCode", type: "varchar", length: "10" },
          { name: "conventionVersion", type: "varchar", length: "20" },
          { name: "aggravations", type: "text" },
          { name: "reason", type: "varchar", length: "2000", isNullable: true },
          intColumn("issuedById"),
          dateTimeColumn("startsAt"),
          dateTimeColumn("endsAt", true),
          dateTimeColumn("revokedAt", true),
          { name: "revokedVia", type: "varchar", length: "10", isNullable: true },
          intColumn("revokedById", true),
          { name: "revocationReason", type: "varchar", length: "2000", isNullable: true },
          dateTimeColumn("reducedAt", true),
          dateTimeColumn("createdAt"),
        ],
        indices: [
          new TableIndex({ name: "IDX_sanctions_user", columnNames: ["userId", "startsAt"] }),
          new TableIndex({ name: "IDX_sanctions_starts", columnNames: ["startsAt"] }),
        ],
        foreignKeys: [
          fk("FK_sanctions_user", ["userId"], "users", ["id"], "RESTRICT"),
          fk("FK_sanctions_convention_version", ["conventionVersion"], "convention_versions", ["version"], "RESTRICT"),
          fk("FK_sanctions_issued_by", ["issuedById"], "users", ["id"], "RESTRICT"),
          fk("FK_sanctions_revoked_by", ["revokedById"], "users", ["id"], "RESTRICT"),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "sanction_reports",
        columns: [
          { name: "sanctionId", type: "integer", isPrimary: true },
          { name: "reportId", type: "integer", isPrimary: true },
        ],
        indices: [new TableIndex({ name: "IDX_sanction_reports_report", columnNames: ["reportId"] })],
        foreignKeys: [fk("FK_sanction_reports_sanction", ["sanctionId"], "sanctions", ["id"], "CASCADE")],
      }),
    );
    await q.createTable(
      new Table({
        name: "appeals",
        columns: [
          idColumn,
          intColumn("sanctionId"),
          intColumn("appellantId"),
          { name: "statement", type: "varchar", length: "2000" },
          { name: "status", type: "varchar", length: "20" },
          { name: "reducedLevel", type: "varchar", length: "20", isNullable: true },
          { name: "decisionNote", type: "varchar", length: "2000", isNullable: true },
          intColumn("decidedById", true),
          dateTimeColumn("decidedAt", true),
          dateTimeColumn("createdAt"),
        ],
        indices: [
          new TableIndex({ name: "UQ_appeals_sanction", columnNames: ["sanctionId"], isUnique: true }),
          new TableIndex({ name: "IDX_appeals_status", columnNames: ["status", "id"] }),
        ],
        foreignKeys: [
          fk("FK_appeals_sanction", ["sanctionId"], "sanctions", ["id"], "CASCADE"),
          fk("FK_appeals_appellant", ["appellantId"], "users", ["id"], "RESTRICT"),
          fk("FK_appeals_decided_by", ["decidedById"], "users", ["id"], "RESTRICT"),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("appeals");
    await q.dropTable("sanction_reports");
    await q.dropTable("sanctions");
    await q.dropTable("convention_rules");
    await q.dropTable("convention_versions");
  }
}
