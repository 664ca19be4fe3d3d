using System.Text.Json;
using System.Text.Json.Nodes;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// Extension subscriptions per org, what each extension request carried, and the small deterministic state of the
/// built-in handlers (reliable-tasking tasks, cases).
/// </summary>
public sealed partial class EmulatorState
{
    private readonly Lock _extensionGate = new();
    private readonly Dictionary<string, SortedDictionary<string, ExtensionSubscription>> _subscriptions = new(StringComparer.Ordinal);
    private readonly List<ExtensionRequestRecord> _extensionRequests = [];
    private readonly Dictionary<(string Oid, string Extension), List<JsonObject>> _extensionItems = [];

    /// <summary>The org's subscriptions by extension name.</summary>
    public IReadOnlyList<ExtensionSubscription> Subscriptions(string oid)
    {
        lock (_extensionGate)
        {
            return _subscriptions.TryGetValue(oid, out var subs) ? subs.Values.ToList() : [];
        }
    }

    public bool IsSubscribed(string oid, string name)
    {
        lock (_extensionGate)
        {
            return _subscriptions.TryGetValue(oid, out var subs) && subs.ContainsKey(name);
        }
    }

    /// <summary>Subscribes an org (again: no change); 404 for an extension without a definition.</summary>
    public ExtensionSubscription Subscribe(string oid, string name, string by)
    {
        if (!ExtensionCatalog.Definitions.ContainsKey(name))
        {
            throw EmulatorException.NotFound($"extension not found: {name}");
        }

        lock (_extensionGate)
        {
            if (!_subscriptions.TryGetValue(oid, out var subs))
            {
                subs = new SortedDictionary<string, ExtensionSubscription>(StringComparer.Ordinal);
                _subscriptions.Add(oid, subs);
            }

            if (!subs.TryGetValue(name, out var subscription))
            {
                subscription = new ExtensionSubscription(name, by, Time.GetUtcNow());
                subs.Add(name, subscription);
            }

            return subscription;
        }
    }

    /// <summary>Unsubscribes; 400 when the org is not subscribed.</summary>
    public void Unsubscribe(string oid, string name)
    {
        lock (_extensionGate)
        {
            if (!_subscriptions.TryGetValue(oid, out var subs) || !subs.Remove(name))
            {
                throw EmulatorException.BadRequest($"org not subscribed to extension {name}");
            }
        }
    }

    /// <summary>Every extension request received for the org, oldest first.</summary>
    public IReadOnlyList<ExtensionRequestRecord> ExtensionRequests(string oid)
    {
        lock (_extensionGate)
        {
            return _extensionRequests.Where(r => r.Oid == oid).ToList();
        }
    }

    internal ExtensionRequestRecord RecordExtensionRequest(string oid, string name, string action, bool compressed, JsonElement data)
    {
        lock (_extensionGate)
        {
            var record = new ExtensionRequestRecord(_extensionRequests.Count + 1, oid, name, action, compressed, data, Time.GetUtcNow());
            _extensionRequests.Add(record);
            return record;
        }
    }

    /// <summary>Appends the item <paramref name="create"/> makes from its 1-based number in the org; returns a copy.</summary>
    internal JsonObject AddExtensionItem(string oid, string extension, Func<int, JsonObject> create)
    {
        lock (_extensionGate)
        {
            if (!_extensionItems.TryGetValue((oid, extension), out var items))
            {
                items = [];
                _extensionItems.Add((oid, extension), items);
            }

            var item = create(items.Count + 1);
            items.Add(item);
            return (JsonObject)item.DeepClone();
        }
    }

    /// <summary>Copies of a handler's items, oldest first.</summary>
    internal IReadOnlyList<JsonObject> ExtensionItems(string oid, string extension)
    {
        lock (_extensionGate)
        {
            return _extensionItems.TryGetValue((oid, extension), out var items)
                ? items.Select(i => (JsonObject)i.DeepClone()).ToList()
                : [];
        }
    }

    /// <summary>Removes the handler item whose <paramref name="field"/> equals <paramref name="value"/>; false if none.</summary>
    internal bool RemoveExtensionItem(string oid, string extension, string field, string value)
    {
        lock (_extensionGate)
        {
            return _extensionItems.TryGetValue((oid, extension), out var items)
                && items.RemoveAll(i => i[field]?.GetValue<string>() == value) > 0;
        }
    }

    private void ResetExtensions()
    {
        lock (_extensionGate)
        {
            _subscriptions.Clear();
            _extensionRequests.Clear();
            _extensionItems.Clear();
        }
    }
}

/// <summary>An org's subscription to an extension.</summary>
public sealed record ExtensionSubscription(string Name, string SubscribedBy, DateTimeOffset SubscribedAt);

/// <summary>One extension request as received: whether the data came as <c>gzdata</c>, and the decoded data.</summary>
public sealed record ExtensionRequestRecord(long Seq, string Oid, string Name, string Action, bool Compressed, JsonElement Data, DateTimeOffset Time);
