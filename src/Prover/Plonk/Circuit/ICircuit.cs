namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// A circuit that describes its shape once and fills its witness separately (halo2's <c>Circuit</c>): the constructor
/// configures <see cref="ConstraintSystem"/>; <see cref="Synthesize"/> lays out regions, fixed values, copies and
/// public inputs and assigns advice. It is run once without a witness for keygen
/// (<see cref="CircuitBuilder.IsShapeOnly"/>: advice values are dropped, challenges read as zero), and by the prover
/// once per phase: in phase p the challenges drawn after earlier phases are known
/// (<see cref="CircuitBuilder.ChallengeValue"/>) and advice of later phases is dropped. Synthesis must lay out the
/// same regions, fixed values and copies every time; only advice values may differ.
/// </summary>
public interface ICircuit
{
    ConstraintSystem ConstraintSystem { get; }

    void Synthesize(CircuitBuilder builder);
}
