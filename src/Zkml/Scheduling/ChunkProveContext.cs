namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>What a prove delegate gets: the job, the device it runs on, its witness and key, and the run's cancellation.</summary>
public sealed class ChunkProveContext<TWitness, TKey>
{
    private readonly Action<string> phase;

    internal ChunkProveContext(ChunkJob job, ChunkWorker worker, TWitness witness, TKey key, CancellationToken cancellation, Action<string> phase)
    {
        Job = job;
        Worker = worker;
        Witness = witness;
        Key = key;
        Cancellation = cancellation;
        this.phase = phase;
    }

    public ChunkJob Job { get; }
    public ChunkWorker Worker { get; }
    public TWitness Witness { get; }
    public TKey Key { get; }
    public CancellationToken Cancellation { get; }

    /// <summary>Reports a sub-phase ("commit", "quotient", "open") to the progress view.</summary>
    public void Phase(string name) => phase(name);
}
