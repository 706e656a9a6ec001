using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PlanWorkflows.Server.Office.Components;

/// <summary>Renders an Office page from an endpoint of its own: a form sent back with what is wrong in it, with its status code.</summary>
public static class OfficePages
{
    public static IResult Render<TPage>(int status, IReadOnlyDictionary<string, object?>? parameters = null)
        where TPage : IComponent =>
        new RazorComponentResult<App>(new Dictionary<string, object?>
        {
            [nameof(App.Page)] = typeof(TPage),
            [nameof(App.Parameters)] = parameters is null ? null : new Dictionary<string, object?>(parameters),
        })
        {
            StatusCode = status,
        };
}
