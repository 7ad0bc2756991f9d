using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Kzg;

/// <summary>Checks shared by the SRS readers.</summary>
internal static class SrsValidation
{
    /// <summary>
    /// Standard generators, and e(τ·G1, G2) = e(G1, τ·G2): the G1 and G2 halves come from the same τ. The G2
    /// points must already be known to lie in G2.
    /// </summary>
    public static void CheckConsistency(G1Affine g1, G1Affine tauG1, G2Affine g2, G2Affine tauG2, string source)
    {
        if (g1 != G1Affine.Generator) throw new InvalidEncodingException($"{source}: the first G1 power is not the G1 generator.");
        if (g2 != G2Affine.Generator) throw new InvalidEncodingException($"{source}: the first G2 power is not the G2 generator.");
        if (tauG2.IsInfinity) throw new InvalidEncodingException($"{source}: τ·G2 is the identity.");
        if (!Pairing.Check([tauG1, -g1], [g2, tauG2]))
            throw new InvalidEncodingException($"{source}: τ·G1 and τ·G2 do not agree (pairing check failed).");
    }

    public static void ParallelChunks(int length, Action<int, int> body)
    {
        const int chunk = 512;
        if (length <= chunk)
        {
            body(0, length);
            return;
        }
        int chunks = (length + chunk - 1) / chunk;
        try
        {
            Parallel.For(0, chunks, c => body(c * chunk, Math.Min(length, c * chunk + chunk)));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Surface the validation error itself (e.g. InvalidEncodingException), not the wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
