using ZkmlGpu.Prover.Kzg;

namespace ZkmlGpu.Cli.Commands;

/// <summary>One stderr line wherever a command runs on an SRS whose τ is public, so its proofs are never mistaken for real ones.</summary>
internal static class SrsWarning
{
    public const string InsecureDevelopment = "warning: insecure development SRS (τ is public): these proofs are forgeable and only good for timing and tests.";

    public static void WarnIfInsecure(Srs srs)
    {
        if (srs.IsInsecureDevelopment) Console.Error.WriteLine(InsecureDevelopment);
    }
}
