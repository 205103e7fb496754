import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from "typeorm";
import { dateTimeColumn, idColumn, intColumn, longTextColumn } from "../src/shared/columns";

const fk = (name: string, columns: string[], table: string, onDelete: string) =>
  new TableForeignKey({ name, columnNames: columns, referencedTableName: table, referencedColumnNames: ["id"], onDelete, onUpdate: "NO ACTION" });

/**
 * Reports (举报): one OPEN report per reporter and target (UQ_reports_open on a key set only while
 * OPEN), evidence snapshots frozen at the decision, and the foreign key from sanction_reports to
 * the reports a sanction answers.
 */
export class Reports1764000700000 implements MigrationInterface {
  name = "Reports1764000700000";

  async up(q: QueryRunner): Promise<void> {
    const engine = q.connection.options.type;
    await q.createTable(
      new Table({
        name: "report_evidence",
        columns: [
          idColumn,
          { name: "targetType", type: "varchar", length: "10" },
          intColumn("targetId"),
          intColumn("authorId"),
          { name: "authorUsername", type: "varchar", length: "30" },
          { name: "title", type: "varchar", length: "100", isNullable: true },
          longTextColumn(engine, "body", true),
          { name: "contentStatus", type: "varchar", length: "60" },
          dateTimeColumn("capturedAt"),
        ],
        indices: [new TableIndex({ name: "IDX_report_evidence_target", columnNames: ["targetType", "targetId"] })],
      }),
    );
    await q.createTable(
      new Table({
        name: "reports",
        columns: [
          idColumn,
          intColumn("reporterId"),
          { name: "targetType", type: "varchar", length: "10" },
          intColumn("targetId"),
          intColumn("targetOwnerId"),
          { name: "category", type: "varchar", length: "30" },
          { name: "ruleCode", type: "varchar", length: "10", isNullable: true },
          { name: "details", type: "varchar", length: "1000", isNullable: true },
          { name: "status", type: "varchar", length: "20" },
          { name: "openKey", type: "varchar", length: "60", isNullable: true },
          { name: "decision", type: "varchar", length: "30", isNullable: true },
          { name: "resolutionNote", type: "varchar", length: "2000", isNullable: true },
          intColumn("resolvedById", true),
          dateTimeColumn("resolvedAt", true),
          intColumn("evidenceId", true),
          dateTimeColumn("createdAt"),
        ],
        indices: [
          new TableIndex({ name: "UQ_reports_open", columnNames: ["openKey"], isUnique: true }),
          new TableIndex({ name: "IDX_reports_target", columnNames: ["targetType", "targetId", "status"] }),
          new TableIndex({ name: "IDX_reports_status", columnNames: ["status", "createdAt"] }),
          new TableIndex({ name: "IDX_reports_reporter", columnNames: ["reporterId", "createdAt", "id"] }),
        ],
        foreignKeys: [
          fk("FK_reports_reporter", ["reporterId"], "users", "RESTRICT"),
          fk("FK_reports_resolved_by", ["resolvedById"], "users", "RESTRICT"),
          fk("FK_reports_evidence", ["evidenceId"], "report_evidence", "RESTRICT"),
        ],
      }),
    );
    await q.createForeignKey("sanction_reports", fk("FK_sanction_reports_report", ["reportId"], "reports", "RESTRICT"));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropForeignKey("sanction_reports", "FK_sanction_reports_report");
    await q.dropTable("reports");
    await q.dropTable("report_evidence");
  }
}
