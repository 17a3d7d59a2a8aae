namespace Sweep.Training.Data.Images;

/// <summary>
/// One read-only copy per process of each loaded dataset (and the scoring classifier), shared by
/// every trial on the node. A failed load is not remembered: the next trial tries again. What a load
/// creates belongs to no trial: the first trial to ask usually loads inside its own dispose scope,
/// which would otherwise free the shared tensors when that trial ends.
/// </summary>
internal static class SharedData
{
    private static readonly Dictionary<string, object> Loaded = [];
    private static readonly Lock Gate = new();

    public static T Get<T>(string key, Func<T> load) where T : class
    {
        // One lock for all keys: loads are rare and a second trial must wait for the first's load anyway.
        lock (Gate)
        {
            if (Loaded.TryGetValue(key, out var existing)) return (T)existing;
            using var scope = TorchSharp.torch.NewDisposeScope();
            var value = load();
            // Kept for the process's life; a load's few temporaries outlive it with it (one load per key).
            scope.Detach(scope.DisposablesView.ToList());
            Loaded[key] = value;
            return value;
        }
    }
}
