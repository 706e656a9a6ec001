using System.Text.Json.Nodes;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Steps;
using static PlanWorkflows.Core.Workflows.Elsa.ElsaWorkflowReader;

namespace PlanWorkflows.Core.Workflows.Elsa;

/// <summary>Structures one <c>Elsa.Flowchart</c> into a sequence of steps; the rules are on <see cref="ElsaWorkflowReader"/>.</summary>
internal sealed class FlowchartReader
{
    private readonly IReadOnlyDictionary<string, StepTypeInfo> _stepTypes;
    private readonly List<DefinitionError> _problems;
    private readonly Dictionary<string, JsonObject> _activities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StepNode?> _steps = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Outgoing connections per activity, in the order of the connection list.</summary>
    private readonly Dictionary<string, List<(string Port, string Target)>> _out = new(StringComparer.Ordinal);
    private readonly HashSet<(string Source, string Target)> _backEdges = [];
    private readonly Dictionary<string, HashSet<string>> _reach = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _topo = new(StringComparer.Ordinal);
    private readonly HashSet<string> _emitted = new(StringComparer.Ordinal);

    public FlowchartReader(JsonObject flowchart, IReadOnlyDictionary<string, StepTypeInfo> stepTypes, List<DefinitionError> problems)
    {
        _stepTypes = stepTypes;
        _problems = problems;
        foreach (var activity in (flowchart["activities"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var id = Text(activity["id"]);
            if (string.IsNullOrEmpty(id))
            {
                Problem(string.Empty, "id", $"an activity of type '{Text(activity["type"])}' has no id", $"aktivnost vrste '{Text(activity["type"])}' nema id");
                continue;
            }

            if (!_activities.TryAdd(id, activity))
            {
                Problem(id, "id", "two activities have this id", "dvije aktivnosti imaju ovaj id");
                continue;
            }

            _order.Add(id);
            _out[id] = [];
        }

        foreach (var connection in (flowchart["connections"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var source = Text(connection["source"]?["activity"]) ?? string.Empty;
            var target = Text(connection["target"]?["activity"]) ?? string.Empty;
            var port = Text(connection["source"]?["port"]) ?? ElsaWorkflowWriter.DonePort;
            if (!_activities.ContainsKey(source) || !_activities.ContainsKey(target))
            {
                Problem(_activities.ContainsKey(source) ? source : string.Empty, "connections",
                    $"a connection from '{source}' to '{target}' names an activity that is not in the flowchart",
                    $"veza od '{source}' do '{target}' navodi aktivnost koje nema u dijagramu");
                continue;
            }

            _out[source].Add((port, target));
        }
    }

    public List<StepNode> Read()
    {
        foreach (var id in _order)
        {
            _steps[id] = IsStart(id) || IsEnd(id) ? null : Step(_activities[id], _stepTypes, _problems);
        }

        var entry = Entry();
        if (entry is null)
        {
            return [];
        }

        FindBackEdges(entry);
        Order();
        var sequence = Build(entry, null, "the start", "početak");
        foreach (var id in _order.Where(id => !_emitted.Contains(id) && !IsStart(id) && !IsEnd(id)))
        {
            Problem(id, "connections", "the activity is not connected to the start of the flowchart; connect it or remove it",
                "aktivnost nije povezana sa početkom dijagrama; povežite je ili uklonite");
        }

        return sequence;
    }

    private bool IsStart(string id) => Text(_activities[id]["type"]) == ElsaWorkflowWriter.StartType;

    private bool IsEnd(string id) => Text(_activities[id]["type"]) == ElsaWorkflowWriter.EndType;

    private string? Entry()
    {
        var starts = _order.Where(IsStart).ToList();
        if (starts.Count > 1)
        {
            Problem(starts[1], "type", $"the flowchart has {starts.Count} Start activities; the engine starts at one", $"dijagram ima {starts.Count} aktivnosti Start; mašina počinje od jedne");
        }

        if (starts.Count > 0)
        {
            var targets = _out[starts[0]];
            if (targets.Count > 1)
            {
                Problem(starts[0], ElsaWorkflowWriter.DonePort, "the Start leads to several activities at once; the engine runs one path at a time", "Start vodi ka više aktivnosti odjednom; mašina izvršava jedan put u jednom trenutku");
            }

            _emitted.Add(starts[0]);
            return targets.Count > 0 ? targets[0].Target : null;
        }

        var incoming = _out.Values.SelectMany(o => o).Select(o => o.Target).ToHashSet(StringComparer.Ordinal);
        var roots = _order.Where(id => !incoming.Contains(id) && !IsEnd(id)).ToList();
        if (roots.Count == 1)
        {
            return roots[0];
        }

        if (roots.Count > 1)
        {
            Problem(roots[1], "connections", $"several activities have no incoming connection ({string.Join(", ", roots)}); add a Start connected to the first one, or connect them",
                $"više aktivnosti nema dolaznu vezu ({string.Join(", ", roots)}); dodajte Start povezan sa prvom ili ih povežite");
            return roots[0];
        }

        if (_order.Count > 0)
        {
            Problem(_order[0], "connections", "every activity has an incoming connection, so the flowchart has no first activity; add a Start", "svaka aktivnost ima dolaznu vezu, pa dijagram nema prvu aktivnost; dodajte Start");
        }

        return null;
    }

    /// <summary>Depth-first from the entry: a connection to an activity on the current path closes a loop, allowed only into a Repeat through its body.</summary>
    private void FindBackEdges(string entry)
    {
        var onPath = new Dictionary<string, string?>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<(string Id, int Next)>();
        onPath[entry] = null;
        stack.Push((entry, 0));
        while (stack.Count > 0)
        {
            var (id, next) = stack.Pop();
            var edges = _out[id];
            if (next >= edges.Count)
            {
                onPath.Remove(id);
                done.Add(id);
                continue;
            }

            stack.Push((id, next + 1));
            var (port, target) = edges[next];
            onPath[id] = port;
            if (onPath.TryGetValue(target, out var leftBy))
            {
                if (_steps.GetValueOrDefault(target) is { ComponentType: "container" } && leftBy == ElsaWorkflowWriter.IteratePort)
                {
                    _backEdges.Add((id, target));
                }
                else
                {
                    _backEdges.Add((id, target));
                    Problem(id, port, $"the connection to '{target}' makes a loop; the engine loops only through a Repeat, from the end of the body that starts at its Iterate port",
                        $"veza ka '{target}' pravi petlju; mašina ponavlja samo kroz Repeat, od kraja tijela koje počinje na njegovom izlazu Iterate");
                }
            }
            else if (!done.Contains(target))
            {
                onPath[target] = null;
                stack.Push((target, 0));
            }
        }
    }

    /// <summary>Topological order and reachable sets of the graph without its loops.</summary>
    private void Order()
    {
        var post = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in _order)
        {
            if (!seen.Add(start))
            {
                continue;
            }

            var stack = new Stack<(string Id, int Next)>();
            stack.Push((start, 0));
            while (stack.Count > 0)
            {
                var (id, next) = stack.Pop();
                var edges = Forward(id).ToList();
                if (next >= edges.Count)
                {
                    post.Add(id);
                    continue;
                }

                stack.Push((id, next + 1));
                if (seen.Add(edges[next]))
                {
                    stack.Push((edges[next], 0));
                }
            }
        }

        for (var i = 0; i < post.Count; i++)
        {
            var id = post[i];
            _topo[id] = post.Count - i;
            var reach = new HashSet<string>(StringComparer.Ordinal) { id };
            foreach (var target in Forward(id))
            {
                reach.UnionWith(_reach.GetValueOrDefault(target) ?? []);
            }

            _reach[id] = reach;
        }
    }

    private IEnumerable<string> Forward(string id) => _out[id].Where(e => !_backEdges.Contains((id, e.Target))).Select(e => e.Target).Distinct(StringComparer.Ordinal);

    /// <summary>The steps from <paramref name="start"/> until <paramref name="stop"/> (null: the end of the workflow).</summary>
    private List<StepNode> Build(string? start, string? stop, string stopEn, string stopCnr, string? from = null)
    {
        var sequence = new List<StepNode>();
        var current = start;
        var previous = from;
        while (current is not null && current != stop)
        {
            if (IsEnd(current))
            {
                if (stop is not null)
                {
                    Problem(current, "connections", $"the workflow ends here, but the path it is on goes on at {stopEn}; the engine cannot end one branch early",
                        $"tok rada se ovdje završava, a put na kojem je nastavlja se na {stopCnr}; mašina ne može ranije završiti jednu granu");
                }

                _emitted.Add(current);
                return sequence;
            }

            if (previous is not null && _backEdges.Contains((previous, current)))
            {
                // A loop the engine cannot run; named where it was found.
                return sequence;
            }

            if (!_emitted.Add(current))
            {
                Problem(current, "connections", $"the activity is reached from '{previous}' and from elsewhere, and the paths do not join as the branches of one switch; the engine cannot run it",
                    $"do aktivnosti se dolazi od '{previous}' i odnekud drugo, a putevi se ne spajaju kao grane jednog grananja; mašina je ne može izvršiti");
                return sequence;
            }

            var step = _steps[current];
            var next = step?.ComponentType switch
            {
                "switch" => Switch(step, current, stop, stopEn, stopCnr),
                "container" => Repeat(step, current),
                _ => Single(current, ElsaWorkflowWriter.DonePort),
            };
            if (step is not null)
            {
                sequence.Add(step);
            }

            if (next is null && stop is not null)
            {
                Problem(current, "connections", $"the path ends after this activity, but it must go on to {stopEn}; in Elsa's flowchart an open end finishes the workflow, which the engine cannot do in a branch",
                    $"put se završava poslije ove aktivnosti, a mora nastaviti ka {stopCnr}; u Elsa dijagramu otvoren kraj završava tok rada, što mašina ne može u grani");
            }

            previous = current;
            current = next;
        }

        return sequence;
    }

    /// <summary>The one activity a port leads to, or null.</summary>
    private string? Single(string id, string port, bool checkOtherPorts = true)
    {
        var targets = _out[id].Where(e => string.Equals(e.Port, port, StringComparison.OrdinalIgnoreCase)).Select(e => e.Target).Distinct(StringComparer.Ordinal).ToList();
        if (targets.Count > 1)
        {
            Problem(id, port, $"the port {port} leads to several activities at once ({string.Join(", ", targets)}); the engine runs one path at a time",
                $"izlaz {port} vodi ka više aktivnosti odjednom ({string.Join(", ", targets)}); mašina izvršava jedan put u jednom trenutku");
        }

        foreach (var other in _out[id].Select(e => e.Port).Where(p => checkOtherPorts && !string.Equals(p, port, StringComparison.OrdinalIgnoreCase)
            && !(_steps.GetValueOrDefault(id) is { ComponentType: "container" } && string.Equals(p, ElsaWorkflowWriter.IteratePort, StringComparison.OrdinalIgnoreCase))).Distinct())
        {
            Problem(id, other, $"the activity has no port '{other}'", $"aktivnost nema izlaz '{other}'");
        }

        return targets.Count > 0 ? targets[0] : null;
    }

    private string? Repeat(StepNode step, string id)
    {
        var body = Single(id, ElsaWorkflowWriter.IteratePort, checkOtherPorts: false);
        if (body is not null)
        {
            step.Sequence = Build(body, id, $"the Repeat '{id}'", $"Repeat '{id}'", id);
        }

        return Single(id, ElsaWorkflowWriter.DonePort);
    }

    private string? Switch(StepNode step, string id, string? stop, string stopEn, string stopCnr)
    {
        var info = _stepTypes[step.Type];
        var ports = new List<(string Outcome, string Target)>();
        foreach (var (port, target) in _out[id])
        {
            var outcome = info.Outcomes.FirstOrDefault(o => string.Equals(o, port, StringComparison.OrdinalIgnoreCase)) ?? (info.OpenOutcomes ? port : null);
            if (outcome is null)
            {
                Problem(id, port, $"'{port}' is not an outcome of {step.Type}; its outcomes are {string.Join(", ", info.Outcomes)}", $"'{port}' nije ishod koraka {step.Type}; ishodi su {string.Join(", ", info.Outcomes)}");
            }
            else if (ports.Any(p => p.Outcome == outcome))
            {
                Problem(id, port, $"the port {port} leads to several activities at once; the engine runs one path at a time", $"izlaz {port} vodi ka više aktivnosti odjednom; mašina izvršava jedan put u jednom trenutku");
            }
            else
            {
                ports.Add((outcome, target));
            }
        }

        var open = info.Outcomes.Where(o => ports.All(p => p.Outcome != o)).ToList();
        string? join = stop;
        if (open.Count == 0 && ports.Count > 1)
        {
            // The first activity (in the order of the flow) that every branch reaches: Elsa's implicit join.
            var common = ports.Select(p => _reach.GetValueOrDefault(p.Target) ?? []).Aggregate((a, b) => [.. a.Intersect(b)]);
            var first = common.OrderBy(c => _topo.GetValueOrDefault(c)).FirstOrDefault();
            if (first is not null)
            {
                join = first;
            }
        }
        else if (open.Count > 0 && stop is not null)
        {
            Problem(id, open[0], $"the outcome {open[0]} is not connected: in Elsa's flowchart it would end the workflow, but the other branches go on at {stopEn}; connect it",
                $"ishod {open[0]} nije povezan: u Elsa dijagramu bi završio tok rada, a ostale grane nastavljaju na {stopCnr}; povežite ga");
        }

        var (joinEn, joinCnr) = join == stop ? (stopEn, stopCnr) : ($"'{join}'", $"'{join}'");
        foreach (var (outcome, target) in ports)
        {
            // A branch may be empty (its port leads straight to the join or to an End): the switch still names it.
            step.Branches![outcome] = Build(target, join, joinEn, joinCnr, id);
        }

        // An outcome left unconnected where nothing follows the switch ends the workflow, as in Elsa: an empty branch.
        if (stop is null && join is null)
        {
            foreach (var outcome in open.Where(o => !step.Branches!.ContainsKey(o)))
            {
                step.Branches![outcome] = [];
            }
        }

        // In the order of the step type's outcomes, whatever order the connections were drawn in.
        var order = info.Outcomes.ToList();
        step.Branches = step.Branches!.OrderBy(b => order.IndexOf(b.Key) is var i && i >= 0 ? i : int.MaxValue).ToDictionary(b => b.Key, b => b.Value, StringComparer.Ordinal);

        return join;
    }

    private void Problem(string id, string property, string en, string cnr) => _problems.Add(new(id, property, T(en, cnr)));
}
