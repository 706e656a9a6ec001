namespace PlanWorkflows.Server.Hosting;

/// <summary>Workers wait behind this until the database is migrated and the catalogue synchronised.</summary>
internal sealed class StartupGate
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public void Open() => _ready.TrySetResult();
}
