using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Integration.Tests.Database;

/// <summary>
/// The three migration sets are generated separately, so one can gain a column, a length or an index
/// the others lack while each still matches the model of its own day. Their snapshots are compared
/// here shape for shape; store types (nvarchar vs TEXT vs character varying) are the providers' business and ignored.
/// </summary>
public sealed partial class ModelDriftTests
{
    internal const string SqlServerWithoutServer = "Server=localhost;Database=PlanWorkflows;Integrated Security=True;TrustServerCertificate=True";
    internal const string PostgreSqlWithoutServer = "Host=localhost;Database=planworkflows";

    /// <summary>A connection string each provider accepts; none of these tests opens it.</summary>
    internal static string WithoutServer(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "Data Source=:memory:",
        DatabaseProvider.SqlServer => SqlServerWithoutServer,
        DatabaseProvider.PostgreSql => PostgreSqlWithoutServer,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    private static IReadOnlyModel Snapshot(DatabaseProvider provider)
    {
        using var db = PlanDatabase.Create(new DatabaseOptions { Provider = provider, ConnectionString = WithoutServer(provider) });
        return db.GetService<IMigrationsAssembly>().ModelSnapshot?.Model
            ?? throw new InvalidOperationException($"{provider} migrations have no model snapshot");
    }

    /// <summary>One line per fact of the schema, so a difference reads as the exact table and column.</summary>
    internal static SortedSet<string> Shape(IReadOnlyModel model)
    {
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entity in model.GetEntityTypes())
        {
            var table = entity.GetTableName() ?? $"(no table: {entity.Name})";
            facts.Add($"entity {entity.Name} -> table {table}");
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName();
                facts.Add($"column {table}.{column} nullable={property.IsNullable} maxLength={property.GetMaxLength()?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} clr={Nullable.GetUnderlyingType(property.ClrType)?.Name ?? property.ClrType.Name} concurrency={property.IsConcurrencyToken}");
            }

            if (entity.FindPrimaryKey() is { } key)
            {
                facts.Add($"primary key {table}({Columns(key.Properties)})");
            }

            foreach (var alternate in entity.GetKeys().Where(k => !k.IsPrimaryKey()))
            {
                facts.Add($"alternate key {table}({Columns(alternate.Properties)})");
            }

            foreach (var index in entity.GetIndexes())
            {
                facts.Add($"index {index.GetDatabaseName()} on {table}({Columns(index.Properties)}) unique={index.IsUnique} filter={MeaningfulFilter(index) ?? "-"}");
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                facts.Add($"foreign key {table}({Columns(foreignKey.Properties)}) -> {foreignKey.PrincipalEntityType.GetTableName()}({Columns(foreignKey.PrincipalKey.Properties)}) delete={foreignKey.DeleteBehavior} required={foreignKey.IsRequired}");
            }
        }

        return facts;
    }

    private static string Columns(IEnumerable<IReadOnlyProperty> properties) => string.Join(", ", properties.Select(p => p.GetColumnName()));

    /// <summary>
    /// SQL Server adds "[Column] IS NOT NULL" to a unique index over nullable columns by itself (its
    /// unique indexes count NULLs as equal; SQLite's and PostgreSQL's do not, so theirs have no filter):
    /// that is the same rule, not a difference. Any other filter is compared with its delimiters
    /// ([Column] on SQL Server, "Column" on SQLite and PostgreSQL) taken off.
    /// </summary>
    internal static string? MeaningfulFilter(IReadOnlyIndex index)
    {
        if (index.GetFilter() is not { } filter)
        {
            return null;
        }

        var plain = Delimiters().Replace(filter, "$1$2");
        var automatic = string.Join(" AND ", index.Properties.Where(p => p.IsNullable).Select(p => $"{p.GetColumnName()} IS NOT NULL"));
        return index.IsUnique && plain == automatic ? null : plain;
    }

    [GeneratedRegex(@"\[([^\]]+)\]|""([^""]+)""")]
    private static partial Regex Delimiters();

    [Theory]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void Each_server_providers_migrations_describe_the_same_schema_as_sqlites(DatabaseProvider provider)
    {
        // SQLite's set is the one every test runs on; each server provider's set is held to it.
        var sqlite = Shape(Snapshot(DatabaseProvider.Sqlite));
        var other = Shape(Snapshot(provider));

        var onlySqlite = sqlite.Except(other).ToList();
        var onlyOther = other.Except(sqlite).ToList();
        Assert.True(onlySqlite.Count == 0 && onlyOther.Count == 0,
            $"the migration sets drifted apart.\nonly in SQLite:\n  {string.Join("\n  ", onlySqlite)}\nonly in {provider}:\n  {string.Join("\n  ", onlyOther)}");
    }

    [Fact]
    public void Every_providers_snapshot_matches_the_current_model_entity_for_entity()
    {
        // The context's own model is the reference every migration set was generated from.
        using var db = PlanDatabase.Create(new DatabaseOptions { ConnectionString = "Data Source=:memory:" });
        var current = db.Model.GetEntityTypes().Select(e => e.Name).Order(StringComparer.Ordinal).ToList();
        foreach (var provider in Enum.GetValues<DatabaseProvider>())
        {
            Assert.Equal(current, Snapshot(provider).GetEntityTypes().Select(e => e.Name).Order(StringComparer.Ordinal).ToList());
        }
    }

    [Fact]
    public void Comparison_notices_a_column_that_differs_in_length_or_nullability()
    {
        // The comparison itself must be able to fail: a column one provider made longer shows up.
        var builder = new ModelBuilder();
        builder.Entity<OutboxMessage>().ToTable("Outbox").Property(m => m.Template).HasMaxLength(100).IsRequired();
        var narrow = Shape(builder.FinalizeModel());
        var wider = new ModelBuilder();
        wider.Entity<OutboxMessage>().ToTable("Outbox").Property(m => m.Template).HasMaxLength(200).IsRequired();
        var wide = Shape(wider.FinalizeModel());
        var differences = narrow.Except(wide).ToList();
        Assert.Equal(["column Outbox.Template nullable=False maxLength=100 clr=String concurrency=False"], differences);

        var optional = new ModelBuilder();
        optional.Entity<OutboxMessage>().ToTable("Outbox").Property(m => m.Template).HasMaxLength(100).IsRequired(false);
        Assert.Contains("column Outbox.Template nullable=True maxLength=100 clr=String concurrency=False", Shape(optional.FinalizeModel()));
    }

    [Fact]
    public void Comparison_takes_sql_servers_own_null_filter_as_no_filter_and_notices_any_other()
    {
        static string IndexFact(string? filter)
        {
            var builder = new ModelBuilder();
            var index = builder.Entity<OutboxMessage>().ToTable("Outbox").HasIndex(m => m.InstanceId).IsUnique();
            if (filter is not null)
            {
                index.HasFilter(filter);
            }

            return Assert.Single(Shape(builder.FinalizeModel()), f => f.StartsWith("index ", StringComparison.Ordinal) && f.Contains("(InstanceId)", StringComparison.Ordinal));
        }

        // SQL Server's automatic filter over the nullable column, and no filter at all (SQLite, PostgreSQL): the same rule.
        var none = IndexFact(null);
        Assert.EndsWith("unique=True filter=-", none, StringComparison.Ordinal);
        Assert.Equal(none, IndexFact("[InstanceId] IS NOT NULL"));
        // A filter of substance differs from none, whichever delimiters its provider writes, and reads the same in both.
        var queuedSqlServer = IndexFact("[InstanceId] IS NOT NULL AND [Status] = 'Queued'");
        Assert.NotEqual(none, queuedSqlServer);
        Assert.EndsWith("filter=InstanceId IS NOT NULL AND Status = 'Queued'", queuedSqlServer, StringComparison.Ordinal);
        Assert.Equal(queuedSqlServer, IndexFact("\"InstanceId\" IS NOT NULL AND \"Status\" = 'Queued'"));
        Assert.NotEqual(queuedSqlServer, IndexFact("\"InstanceId\" IS NOT NULL AND \"Status\" = 'Sent'"));
    }
}
