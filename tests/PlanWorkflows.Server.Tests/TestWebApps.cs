using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;

namespace PlanWorkflows.Server.Tests;

/// <summary>What the fixtures that run the real service on a scratch folder share.</summary>
internal static class TestWebApps
{
    /// <summary>Stops the service (if it started), lets go of its SQLite files and deletes the folder.</summary>
    public static async Task StopAsync(WebApplication? app, string folder)
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
