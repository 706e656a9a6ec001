using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Data.CompiledModel;

namespace PlanWorkflows.Core.Tests.Database;

/// <summary>
/// The simulation runs on a compiled SQLite model (<see cref="PlanDbContextModel"/>, generated code) instead of building
/// the model from the configurations. These tests fail when an entity or a configuration changes and the compiled
/// model was not generated again.
/// </summary>
public sealed class CompiledModelTests
{
    private const string Regenerate =
        "the compiled model (src/PlanWorkflows.Core/Data/CompiledModel) is out of date: run `dotnet ef dbcontext optimize --project src/PlanWorkflows.Core " +
        "--startup-project src/PlanWorkflows.Migrations.Sqlite --output-dir Data/CompiledModel --namespace PlanWorkflows.Core.Data.CompiledModel` " +
        "and delete the PlanDbContextAssemblyAttributes.cs it writes";

    [Fact]
    public void Compiled_model_describes_the_entities_as_the_configurations_build_them()
    {
        using var built = new PlanDbContext(PlanDatabase.Options(new DatabaseOptions { ConnectionString = "Data Source=:memory:", Durable = false }));
        var databaseOptions = new DatabaseOptions { ConnectionString = "Data Source=:memory:", Durable = false };
        using var connection = PlanDatabase.OpenSqlite(databaseOptions);
        using var compiled = new PlanDbContext(PlanDatabase.Options(databaseOptions, connection));

        Assert.IsType<PlanDbContextModel>(compiled.Model);
        var expected = Describe(built.Model);
        var actual = Describe(compiled.Model);
        Assert.True(expected == actual, $"{Regenerate}\n--- built from the configurations:\n{expected}\n--- compiled:\n{actual}");
    }

    [Fact]
    public void Compiled_model_is_not_picked_up_by_other_providers()
    {
        // The generator also writes an assembly attribute that makes every PlanDbContext use the compiled model, which is
        // SQLite's: SQL Server and PostgreSQL would run on SQLite's type mappings. Only an explicit UseModel may take it.
        Assert.Empty(typeof(PlanDbContext).Assembly.GetCustomAttributes<DbContextModelAttribute>());
        using var built = new PlanDbContext(PlanDatabase.Options(new DatabaseOptions { ConnectionString = "Data Source=:memory:" }));
        Assert.IsNotType<PlanDbContextModel>(built.Model);
    }

    /// <summary>What a query, an insert or a materialisation depends on, one line per entity, property, key, index and relation.</summary>
    private static string Describe(IModel model)
    {
        var text = new StringBuilder();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            text.Append(CultureInfo.InvariantCulture, $"{entity.Name} -> {entity.GetTableName()}").AppendLine();
            foreach (var p in entity.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"  {p.Name}: {p.ClrType.Name} column {p.GetColumnName(table)} {p.GetColumnType()} null={p.IsNullable} generated={p.ValueGenerated} " +
                    $"token={p.IsConcurrencyToken} max={p.GetMaxLength()} converter={p.GetValueConverter()?.GetType().Name} provider={p.GetProviderClrType()?.Name} " +
                    $"default={p.GetDefaultValueSql()}|{p.GetDefaultValue()}").AppendLine();
            }

            foreach (var key in entity.GetKeys())
            {
                text.Append(CultureInfo.InvariantCulture, $"  key {string.Join(",", key.Properties.Select(p => p.Name))} primary={key.IsPrimaryKey()}").AppendLine();
            }

            foreach (var index in entity.GetIndexes().OrderBy(i => i.GetDatabaseName(), StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"  index {index.GetDatabaseName()} ({string.Join(",", index.Properties.Select(p => p.Name))}) unique={index.IsUnique} filter={index.GetFilter()}").AppendLine();
            }

            foreach (var fk in entity.GetForeignKeys().OrderBy(f => f.GetConstraintName(), StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"  fk {fk.GetConstraintName()} ({string.Join(",", fk.Properties.Select(p => p.Name))}) -> {fk.PrincipalEntityType.Name} delete={fk.DeleteBehavior} required={fk.IsRequired}").AppendLine();
            }
        }

        return text.ToString();
    }
}
