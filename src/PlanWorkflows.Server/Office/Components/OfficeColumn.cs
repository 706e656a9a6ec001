using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.QuickGrid;
using Microsoft.AspNetCore.Components.Rendering;

namespace PlanWorkflows.Server.Office.Components;

/// <summary>
/// A column of an <see cref="OfficeGrid{TItem}"/>: its cell is <see cref="ChildContent"/> (markup) or <see cref="Value"/>
/// (text); with <see cref="Sort"/> its heading is a link ordering the grid by that key.
/// </summary>
public sealed class OfficeColumn<TItem> : ColumnBase<TItem>
{
    [Parameter]
    public RenderFragment<TItem>? ChildContent { get; set; }

    [Parameter]
    public Func<TItem, object?>? Value { get; set; }

    /// <summary>A key of the grid's <see cref="OfficeGrid{TItem}.Sorts"/>.</summary>
    [Parameter]
    public string? Sort { get; set; }

    [CascadingParameter]
    public OfficeGrid<TItem>? Owner { get; set; }

    /// <summary>Unused: QuickGrid sorts on a click, which needs interactivity; the grid sorts by <see cref="Sort"/> from the address instead.</summary>
    [Parameter]
    public override GridSort<TItem>? SortBy { get; set; }

    protected override void OnParametersSet()
    {
        base.OnParametersSet();
        if (Sort is not null && Owner is not null)
        {
            HeaderContent = builder =>
            {
                builder.OpenComponent<SortHeader>(0);
                builder.AddComponentParameter(1, nameof(SortHeader.Title), Title);
                builder.AddComponentParameter(2, nameof(SortHeader.Href), Owner.SortLink(Sort));
                builder.AddComponentParameter(3, nameof(SortHeader.Direction), Owner.SortKey == Sort ? (Owner.Descending ? SortDirection.Descending : SortDirection.Ascending) : (SortDirection?)null);
                builder.CloseComponent();
            };
        }
    }

    protected override void CellContent(RenderTreeBuilder builder, TItem item)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (ChildContent is not null)
        {
            builder.AddContent(0, ChildContent(item));
        }
        else
        {
            builder.AddContent(1, Value?.Invoke(item)?.ToString());
        }
    }
}
