namespace PlanWorkflows.Server;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Catalogue {Title}: {Activities} activities in {Areas} areas, from {Path}")]
    public static partial void CatalogueLoaded(ILogger logger, string title, int activities, int areas, string path);
}
