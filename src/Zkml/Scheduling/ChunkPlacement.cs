namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>
/// The placement rule shared by every scheduler: longest expected job first, each onto the device that would finish
/// it earliest given when the device is free and its speed (ties: the lower device index). Re-running it whenever a
/// device frees up, with learned speeds, is also the work stealing: a device that runs dry takes jobs planned for a
/// busier or slower one exactly when it would finish them earlier.
/// </summary>
public static class ChunkPlacement
{
    /// <summary>
    /// Plans <paramref name="jobs"/> on devices free at <paramref name="availableAt"/> (ms) running
    /// <paramref name="speeds"/> cost units per ms. <paramref name="eligible"/>(job, device) says whether the job may
    /// run there (memory, earlier failures). Jobs no device may run are left out. Returns the jobs in placement
    /// order (longest first).
    /// </summary>
    public static List<PlannedChunk> Plan(IEnumerable<ChunkJob> jobs, IReadOnlyList<double> availableAt, IReadOnlyList<double> speeds, Func<ChunkJob, int, bool> eligible) =>
        PlanInOrder(jobs.Order(LongestFirst), availableAt, speeds, eligible, null);

    /// <summary>Longest expected cost first; equal costs in chunk order.</summary>
    public static IComparer<ChunkJob> LongestFirst { get; } = Comparer<ChunkJob>.Create((a, b) =>
        a.Cost != b.Cost ? b.Cost.CompareTo(a.Cost) : a.Chunk.CompareTo(b.Chunk));

    /// <summary>
    /// <see cref="Plan"/> for jobs already in <see cref="LongestFirst"/> order, stopping as soon as
    /// <paramref name="enough"/> says the plan so far answers the caller (each later job only lands behind it).
    /// </summary>
    public static List<PlannedChunk> PlanInOrder(IEnumerable<ChunkJob> longestFirst, IReadOnlyList<double> availableAt, IReadOnlyList<double> speeds,
        Func<ChunkJob, int, bool> eligible, Func<List<PlannedChunk>, bool>? enough)
    {
        if (availableAt.Count != speeds.Count) throw new ArgumentException("one availability and one speed per device");
        var free = availableAt.ToArray();
        var plan = new List<PlannedChunk>();
        foreach (var job in longestFirst)
        {
            if (enough is not null && enough(plan)) break;
            int best = -1;
            double bestEnd = double.PositiveInfinity;
            for (int d = 0; d < free.Length; d++)
            {
                if (!eligible(job, d)) continue;
                double end = free[d] + job.Cost / speeds[d];
                if (end < bestEnd) (best, bestEnd) = (d, end);
            }
            if (best < 0) continue;
            plan.Add(new PlannedChunk(job, best, free[best], bestEnd));
            free[best] = bestEnd;
        }
        return plan;
    }
}
