using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Clock;
using PlanWorkflows.Core.Obligations;

namespace PlanWorkflows.Server.Hosting;

/// <summary>
/// The clock the service runs on. The verbs build theirs here too, from the same configuration, so what they
/// stamp (decisions, retries, audit rows) is in the service's time: plan time when it runs on the demo clock.
/// </summary>
internal static class ServiceClock
{
    /// <param name="catalogue">Read only for a demo clock without <see cref="ClockOptions.DemoStart"/>, which starts at the plan's adoption.</param>
    public static TimeProvider Create(ClockOptions options, Func<PlanCatalogue> catalogue)
    {
        if (options.Mode == ClockMode.Real)
        {
            return TimeProvider.System;
        }

        var start = options.DemoStart ?? PlanStart(catalogue().Plan);
        return new DemoTimeProvider(start, options.DemoSpeed, realStart: options.DemoAnchor);
    }

    private static DateTimeOffset PlanStart(PlanInfo plan) =>
        new(PlanWindow.Of(plan).Adopted.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero);
}
