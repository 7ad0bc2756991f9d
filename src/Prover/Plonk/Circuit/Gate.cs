namespace ZkmlGpu.Prover.Plonk;

/// <summary>One polynomial of a gate: it must vanish on every usable row.</summary>
public sealed record Constraint(string Name, Expression Polynomial);

/// <summary>A named custom gate: a set of constraints that hold on every usable row (switch rows on/off with selectors).</summary>
public sealed record Gate(string Name, IReadOnlyList<Constraint> Constraints);
