using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanWorkflows.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ActivityReferencesAndIndicators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AreaCode",
                table: "Activities",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "IndicatorsJson",
                table: "Activities",
                type: "text",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AreaCode",
                table: "Activities");

            migrationBuilder.DropColumn(
                name: "IndicatorsJson",
                table: "Activities");
        }
    }
}
