using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace PlanWorkflows.Server.Office.Components;

/// <summary>
/// The base of every signed-in Office page: the request (user, role, language) and the formats of its dates.
/// Any role may open a page unless it narrows the policy with its own <c>[Authorize]</c>.
/// </summary>
[Authorize(Policy = OfficePolicies.Viewer)]
public abstract class OfficePage : ComponentBase
{
    private OfficeRequest? _request;

    [CascadingParameter]
    public HttpContext HttpContext { get; set; } = default!;

    protected OfficeRequest Request => _request ??= OfficeRequest.For(HttpContext);

    protected bool IsOffice => Request.IsOffice;

    protected bool IsSecretary => Request.IsSecretary;

    /// <summary><c>en</c> or <c>cnr</c>: the language of the plan's own texts shown on the page.</summary>
    protected string Lang => Request.Lang;

    protected CultureInfo Culture => Request.Culture;

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    protected string Date(DateOnly date) => Request.Date(date);

    protected string Time(DateTime? at) => Request.Time(at);

    protected string Number(int value) => Request.Number(value);
}
