using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanWorkflows.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ObligationKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Obligations",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Report");

            // Until now a meeting or a report to the Government was told apart by its key under "meetings/";
            // rows of an upgraded database get the kind that convention meant.
            migrationBuilder.Sql("""UPDATE "Obligations" SET "Kind" = 'GovernmentReport' WHERE "ActivityKey" = 'meetings/government-report';""");
            migrationBuilder.Sql("""UPDATE "Obligations" SET "Kind" = 'Meeting' WHERE "ActivityKey" LIKE 'meetings/%' AND "ActivityKey" <> 'meetings/government-report';""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Obligations");
        }
    }
}
