using System.Collections.Concurrent;

namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>
/// Keys by circuit shape, each built once even when several devices ask for it at the same time: the first asker
/// builds it, the others wait for that build. A failed build is forgotten so the next asker builds again.
/// </summary>
public sealed class ShapeKeyCache<TKey>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TKey>>> keys = new();

    /// <summary>The key for <paramref name="shape"/>; <c>Built</c> is true for the caller whose <paramref name="build"/> ran.</summary>
    public async Task<(TKey Key, bool Built)> GetAsync(string shape, Func<Task<TKey>> build)
    {
        while (true)
        {
            var mine = new Lazy<Task<TKey>>(build);
            var entry = keys.GetOrAdd(shape, mine);
            try
            {
                return (await entry.Value.ConfigureAwait(false), ReferenceEquals(entry, mine));
            }
            catch when (!ReferenceEquals(entry, mine))
            {
                // Someone else's build failed (their device, their fault): forget it and build here.
                keys.TryRemove(new KeyValuePair<string, Lazy<Task<TKey>>>(shape, entry));
            }
            catch
            {
                keys.TryRemove(new KeyValuePair<string, Lazy<Task<TKey>>>(shape, entry));
                throw;
            }
        }
    }

    public bool Contains(string shape) => keys.TryGetValue(shape, out var e) && e.IsValueCreated && e.Value.IsCompletedSuccessfully;

    public int Count => keys.Count;
}
