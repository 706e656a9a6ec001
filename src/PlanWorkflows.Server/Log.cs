namespace PlanWorkflows.Server;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Catalogue {Title}: {Activities} activities in {Areas} areas, from {Path}")]
    public static partial void CatalogueLoaded(ILogger logger, string title, int activities, int areas, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "DEMO TIME: the clock starts at {Start:yyyy-MM-dd HH:mm} UTC and runs {Speed}x faster than real time; set Clock:Mode=Real for production")]
    public static partial void DemoClock(ILogger logger, DateTimeOffset start, double speed);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "A meeting pack or invitation could not be prepared; its {Rows} mails stay queued for the next round, the others go out")]
    public static partial void PackNotBuilt(ILogger logger, Exception exception, int rows);
}
