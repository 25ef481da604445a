using System.Text.Json;
using Selegic.Extensions.Platform.Actions.HostActions;

namespace Selegic.Extensions.Platform.Actions;

/// <summary>An action ready to run: its definition, its handler and how its audit records name the target.</summary>
public sealed record ResolvedAction(ActionDefinition Definition, IActionHandler Handler, Func<JsonElement, string> AuditTarget);

/// <summary>
/// Every action a tenant's installations can call: the built-ins (the same for everyone) and the
/// tenant's own host actions. Built-in names always win; host actions cannot shadow them.
/// </summary>
public sealed class ActionCatalog
{
    private readonly Dictionary<string, IBuiltInAction> _builtIns;
    private readonly HostActionRegistry _hostActions;

    public ActionCatalog(IEnumerable<IBuiltInAction> builtIns, HostActionRegistry hostActions)
    {
        _builtIns = builtIns.ToDictionary(a => a.Definition.Name, StringComparer.Ordinal);
        _hostActions = hostActions;
    }

    public IEnumerable<ActionDefinition> BuiltIns => _builtIns.Values.Select(a => a.Definition).OrderBy(d => d.Name, StringComparer.Ordinal);

    public async ValueTask<ResolvedAction?> FindAsync(Guid tenantId, string name, CancellationToken cancellationToken)
    {
        if (_builtIns.TryGetValue(name, out var builtIn))
            return new ResolvedAction(builtIn.Definition, builtIn, builtIn.AuditTarget);
        return await _hostActions.ResolveAsync(tenantId, name, cancellationToken);
    }

    /// <summary>The catalog as a tenant's installations see it: built-ins, then the tenant's host actions, by name.</summary>
    public async Task<IReadOnlyList<ActionDefinition>> ListAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var hostActions = await _hostActions.ListDefinitionsAsync(tenantId, cancellationToken);
        return BuiltIns.Concat(hostActions).ToList();
    }
}
