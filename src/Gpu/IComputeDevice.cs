using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Poseidon;

namespace ZkmlGpu.Gpu;

/// <summary>
/// The one device-agnostic API for the prover's heavy operations (ICICLE style): MSM, NTT and batched Poseidon.
/// Vectors and bases live on the device between calls (<see cref="FrVector"/>, <see cref="G1Bases"/>), so a
/// GPU backend keeps the SRS and the prover's columns resident; the span overloads are conveniences.
/// Implementations: <see cref="Cpu.CpuDevice"/> and the ILGPU backend. Thread safety: one caller at a time per device.
/// </summary>
public interface IComputeDevice : IDisposable
{
    /// <summary>The canonical spec this device was opened from, e.g. "cpu" or "cuda:0".</summary>
    DeviceSpec Spec { get; }

    /// <summary>A human-readable description (name, memory, cores).</summary>
    string Description { get; }

    // --- memory ---
    FrVector Allocate(int length);
    FrVector Upload(ReadOnlySpan<Fr> values);
    G1Bases UploadBases(ReadOnlySpan<G1Affine> points);

    /// <summary>
    /// A vector over the caller's own array, on a device that computes in host memory (the CPU backend): no copy,
    /// and in-place operations write into the array. Null on other devices, whose callers upload and copy back.
    /// Fresh multi-megabyte copies cost page faults and zeroing on every proof, which this avoids.
    /// </summary>
    FrVector? Borrow(Fr[] values) => null;

    // --- NTT over a power-of-two domain H of size values.Length ---
    /// <summary>In place: coefficients → evaluations on H (forward) or back (inverse). Natural order in and out.</summary>
    void Ntt(FrVector values, NttDirection direction);

    /// <summary>In place: coefficients → evaluations on the coset shift·H (forward), or evaluations on shift·H → coefficients (inverse).</summary>
    void CosetNtt(FrVector values, Fr shift, NttDirection direction);

    // --- MSM ---
    /// <summary>Σ scalars[i]·bases[i] over the first scalars.Length bases (scalars.Length ≤ bases.Length).</summary>
    G1Jacobian Msm(G1Bases bases, FrVector scalars);

    // --- Poseidon ---
    /// <summary>
    /// Hashes count = outputs.Length groups of (width − 1) consecutive inputs with circomlib's Poseidon
    /// (state [0, inputs…], output state[0]). inputs.Length must be outputs.Length · (width − 1).
    /// </summary>
    void PoseidonHash(PoseidonParameters parameters, FrVector inputs, FrVector outputs);
}

public enum NttDirection
{
    Forward,
    Inverse,
}
