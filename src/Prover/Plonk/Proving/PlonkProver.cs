using ZkmlGpu.Field;
using ZkmlGpu.Prover.Polynomials;
using ZkmlGpu.Prover.Transcript;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// The PLONKish prover: blinded advice commitments (phase by phase, each phase's challenges drawn after it) → θ →
/// logUp multiplicities → β, γ → permutation products and lookup running sums → y → quotient pieces → x →
/// evaluations → v → GWC opening proofs. Every NTT and MSM goes through the proving key's device; element-wise work
/// runs on host spans in parallel blocks.
/// </summary>
public static class PlonkProver
{
    internal const string TranscriptDomain = "ZkmlGpu PLONK v1";

    /// <summary>Proves a complete witness of a circuit whose advice is all in phase 0 (no witness reads a challenge).</summary>
    public static Proof Prove(ProvingKey pk, CircuitBuilder witness, IReadOnlyList<Fr[]>? publicInputs = null, ProverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(witness);
        if (witness.ConstraintSystem.PhaseCount > 1)
            throw new ArgumentException("The circuit has advice in later phases, which depends on challenges: prove it as an ICircuit.");
        return Prove(pk, witness, (_, _) => witness, publicInputs, options);
    }

    /// <summary>
    /// Proves <paramref name="circuit"/>: synthesizes phase 0, commits its advice, draws the challenges, synthesizes
    /// the next phase with them, and so on. Public inputs default to those the synthesis adds.
    /// </summary>
    public static Proof Prove(ProvingKey pk, ICircuit circuit, IReadOnlyList<Fr[]>? publicInputs = null, ProverOptions? options = null) =>
        Prove(pk, circuit, SynthesizePhaseZero(circuit), publicInputs, options);

    /// <summary>
    /// As above, with phase 0 already synthesized (<see cref="SynthesizePhaseZero"/>): a scheduler builds the next
    /// witness on the CPU while a device proves the current one.
    /// </summary>
    public static Proof Prove(ProvingKey pk, ICircuit circuit, CircuitBuilder phaseZero, IReadOnlyList<Fr[]>? publicInputs = null, ProverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(phaseZero);
        if (phaseZero.Phase != 0 || !ReferenceEquals(phaseZero.ConstraintSystem, circuit.ConstraintSystem))
            throw new ArgumentException("The phase-0 witness was not synthesized from this circuit.", nameof(phaseZero));
        return Prove(pk, phaseZero, (phase, challenges) => CircuitBuilder.Synthesize(circuit, phase, challenges), publicInputs, options);
    }

    /// <summary>The witness of a circuit's first phase: everything that does not depend on a challenge.</summary>
    public static CircuitBuilder SynthesizePhaseZero(ICircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return CircuitBuilder.Synthesize(circuit, 0, new Fr[circuit.ConstraintSystem.ChallengeCount]);
    }

    private static Proof Prove(ProvingKey pk, CircuitBuilder witness, Func<int, Fr[], CircuitBuilder> synthesizePhase, IReadOnlyList<Fr[]>? publicInputs, ProverOptions? options)
    {
        ArgumentNullException.ThrowIfNull(pk);
        options ??= new ProverOptions();
        var vk = pk.Vk;
        var layout = vk.Layout;
        var domain = vk.Domain;
        var device = pk.Device;
        var committer = pk.Committer;
        var cs = vk.ConstraintSystem;
        var hooks = options.Hooks;
        Func<Fr> Blinding(BlindingGroup group) => () => hooks.Blind(group, options.Random);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Phase(string name) { options.OnPhase?.Invoke(name, clock.Elapsed); clock.Restart(); }
        int n = layout.N, u = layout.UsableRows;
        var wcs = witness.ConstraintSystem;
        if (wcs.AdviceCount != cs.AdviceCount || wcs.FixedCount != cs.FixedCount || wcs.InstanceCount != cs.InstanceCount
            || wcs.ChallengeCount != cs.ChallengeCount || !wcs.AdvicePhases.SequenceEqual(cs.AdvicePhases))
            throw new ArgumentException("The witness was built for a different constraint system than the proving key.");
        var shape = witness.ToShape();
        shape.CheckFits(n, u);
        var inputs = publicInputs ?? witness.PublicInputs;
        if (!hooks.SkipInputShapeCheck) shape.CheckMatchesKey(pk, inputs);
        var transcript = PlonkVerifier.StartTranscript(vk, inputs, checkShape: !hooks.SkipInputShapeCheck);

        // Instance columns: values, coefficients and the extended coset (never committed).
        var instanceValues = CircuitBuilder.InstanceValues(inputs, n, u);
        var instanceExtended = instanceValues.Select(v => domain.CoefficientsToExtended(device, ProvingKey.ToCoefficients(domain, device, v))).ToArray();

        // Advice, phase by phase: random values in the rows after the usable ones make every opening zero-knowledge;
        // the challenges of a phase are drawn from the commitments so far and handed to the next phase's synthesis.
        var adviceValues = new Fr[cs.AdviceCount][];
        var adviceCoefficients = new Fr[cs.AdviceCount][];
        var adviceCommitments = new G1Affine[cs.AdviceCount];
        var challenges = new Fr[layout.ChallengeCount];
        var adviceBlinding = Blinding(BlindingGroup.Advice);
        for (int phase = 0; phase < layout.AdvicePhases.Count; phase++)
        {
            var builder = phase == 0 ? witness : synthesizePhase(phase, (Fr[])challenges.Clone());
            var columns = layout.AdvicePhases[phase];
            foreach (int c in columns)
            {
                adviceValues[c] = builder.AdviceValues(c, n);
                for (int i = u; i < n; i++) adviceValues[c][i] = adviceBlinding();
                adviceCoefficients[c] = ProvingKey.ToCoefficients(domain, device, adviceValues[c]);
            }
            Phase("advice interpolate");
            foreach (int c in columns) adviceCommitments[c] = committer.Commit(adviceCoefficients[c]);
            Phase("advice commit");
            foreach (int c in columns) transcript.AbsorbPoint(adviceCommitments[c]);
            foreach (int ch in layout.ChallengesAfterPhase[phase]) challenges[ch] = transcript.SqueezeChallenge();
        }
        Fr theta = transcript.SqueezeChallenge();
        if (hooks.RewriteAdvice(adviceValues, theta))
        {
            adviceCoefficients = adviceValues.Select(v => ProvingKey.ToCoefficients(domain, device, v)).ToArray();
            adviceCommitments = adviceCoefficients.Select(c => committer.Commit(c)).ToArray();
        }

        Fr[] RowValues(Column c) => c.Kind switch
        {
            ColumnKind.Advice => adviceValues[c.Index],
            ColumnKind.Fixed => pk.FixedValues[c.Index],
            _ => instanceValues[c.Index],
        };

        // Lookups: compressed inputs and tables on the rows, then multiplicities.
        var lookupRows = new LookupRows[layout.LookupCount];
        var multiplicities = new Fr[layout.LookupCount][];
        var compressed = cs.Lookups.Select(l => LookupArgument.Compress(l, theta)).ToArray();
        for (int l = 0; l < layout.LookupCount; l++)
        {
            lookupRows[l] = new LookupRows(
                new CompiledExpression(compressed[l].Input, RowValues, 1, challenges).EvaluateAll(n),
                new CompiledExpression(compressed[l].Table, RowValues, 1, challenges).EvaluateAll(n),
                new CompiledExpression(cs.Lookups[l].Selector, RowValues, 1, challenges).EvaluateAll(n),
                u);
            multiplicities[l] = LookupArgument.ComputeMultiplicities(cs.Lookups[l], layout, lookupRows[l], Blinding(BlindingGroup.LookupMultiplicities), options.CheckWitness);
        }
        Phase("lookup multiplicities");
        var multiplicityCoefficients = multiplicities.Select(v => ProvingKey.ToCoefficients(domain, device, v)).ToArray();
        var multiplicityCommitments = multiplicityCoefficients.Select(c => committer.Commit(c)).ToArray();
        foreach (var c in multiplicityCommitments) transcript.AbsorbPoint(c);
        Phase("lookup commit");
        Fr beta = transcript.SqueezeChallenge();
        Fr gamma = transcript.SqueezeChallenge();
        for (int l = 0; l < layout.LookupCount; l++)
            if (hooks.RewriteMultiplicities(l, multiplicities[l], lookupRows[l], beta))
            {
                multiplicityCoefficients[l] = ProvingKey.ToCoefficients(domain, device, multiplicities[l]);
                multiplicityCommitments[l] = committer.Commit(multiplicityCoefficients[l]);
            }

        // Permutation products and lookup running sums.
        var products = PermutationArgument.ComputeProducts(layout, domain, RowValues, pk.SigmaValues, beta, gamma, Blinding(BlindingGroup.PermutationProducts), options.CheckWitness);
        hooks.RewriteProducts(products, layout);
        var sums = new Fr[layout.LookupCount][];
        for (int l = 0; l < layout.LookupCount; l++)
        {
            sums[l] = LookupArgument.ComputeRunningSum(layout, lookupRows[l], multiplicities[l], beta, Blinding(BlindingGroup.LookupSums));
            hooks.RewriteRunningSum(l, sums[l], lookupRows[l], beta);
            if (options.CheckWitness && !sums[l][layout.LastRow].IsZero)
                throw new InvalidOperationException($"Lookup '{cs.Lookups[l].Name}' does not balance (run MockProver to find the row).");
        }
        Phase("grand products");
        var productCoefficients = products.Select(v => ProvingKey.ToCoefficients(domain, device, v)).ToArray();
        var sumCoefficients = sums.Select(v => ProvingKey.ToCoefficients(domain, device, v)).ToArray();
        var productCommitments = productCoefficients.Select(c => committer.Commit(c)).ToArray();
        var sumCommitments = sumCoefficients.Select(c => committer.Commit(c)).ToArray();
        Phase("product commit");
        foreach (var c in productCommitments) transcript.AbsorbPoint(c);
        foreach (var c in sumCommitments) transcript.AbsorbPoint(c);
        Fr y = transcript.SqueezeChallenge();
        if (hooks.RewriteProductsAfterY(products, layout, RowValues, new TranscriptChallenges(theta, beta, gamma, y, default, default)))
        {
            productCoefficients = products.Select(v => ProvingKey.ToCoefficients(domain, device, v)).ToArray();
            productCommitments = productCoefficients.Select(c => committer.Commit(c)).ToArray();
        }
        for (int l = 0; l < layout.LookupCount; l++)
            if (hooks.RewriteRunningSumAfterY(l, sums[l], lookupRows[l], new TranscriptChallenges(theta, beta, gamma, y, default, default)))
            {
                sumCoefficients[l] = ProvingKey.ToCoefficients(domain, device, sums[l]);
                sumCommitments[l] = committer.Commit(sumCoefficients[l]);
            }

        // Quotient on the extended coset.
        var adviceExtended = adviceCoefficients.Select(c => domain.CoefficientsToExtended(device, c)).ToArray();
        Phase("extend advice");
        Fr[] Extended(Column c) => c.Kind switch
        {
            ColumnKind.Advice => adviceExtended[c.Index],
            ColumnKind.Fixed => pk.FixedExtended[c.Index],
            _ => instanceExtended[c.Index],
        };
        var q = new QuotientContext
        {
            Pk = pk,
            AdviceExtended = adviceExtended,
            InstanceExtended = instanceExtended,
            PermutationExtended = productCoefficients.Select(c => domain.CoefficientsToExtended(device, c)).ToArray(),
            LookupMultiplicitiesExtended = multiplicityCoefficients.Select(c => domain.CoefficientsToExtended(device, c)).ToArray(),
            LookupSumsExtended = sumCoefficients.Select(c => domain.CoefficientsToExtended(device, c)).ToArray(),
            LookupInputs = compressed.Select(c => new CompiledExpression(c.Input, Extended, domain.ExtensionFactor, challenges)).ToArray(),
            LookupTables = compressed.Select(c => new CompiledExpression(c.Table, Extended, domain.ExtensionFactor, challenges)).ToArray(),
            LookupSelectors = cs.Lookups.Select(l => new CompiledExpression(l.Selector, Extended, domain.ExtensionFactor, challenges)).ToArray(),
            Challenges = challenges,
            Theta = theta,
            Beta = beta,
            Gamma = gamma,
        };
        Phase("extend products");
        var pieces = Vanishing.ComputeQuotientPieces(q, y, Blinding(BlindingGroup.Quotient), options.CheckWitness);
        Phase("quotient");
        var quotientCommitments = pieces.Select(c => committer.Commit(c)).ToArray();
        foreach (var c in quotientCommitments) transcript.AbsorbPoint(c);
        Phase("quotient commit");
        Fr x = transcript.SqueezeChallenge();

        // Evaluations at x·ω^r, in the layout's order.
        Fr[] Coefficients(Opening o) => o.Kind switch
        {
            PolynomialKind.Advice => adviceCoefficients[o.Index],
            PolynomialKind.Fixed => pk.FixedCoefficients[o.Index],
            PolynomialKind.PermutationSigma => pk.SigmaCoefficients[o.Index],
            PolynomialKind.PermutationProduct => productCoefficients[o.Index],
            PolynomialKind.LookupMultiplicity => multiplicityCoefficients[o.Index],
            _ => sumCoefficients[o.Index],
        };
        var queries = layout.Openings.Select(o => (Coefficients: Coefficients(o), o.Rotation)).ToList();
        var evaluations = new Fr[queries.Count];
        Parallel.For(0, queries.Count, i => evaluations[i] = PolynomialOps.Evaluate(queries[i].Coefficients, domain.Rotate(x, queries[i].Rotation)));
        Phase("evaluate");
        if (hooks.RewriteQuotient(pieces, evaluations, new TranscriptChallenges(theta, beta, gamma, y, x, default)))
            quotientCommitments = pieces.Select(c => committer.Commit(c)).ToArray();
        foreach (var e in evaluations) transcript.AbsorbScalar(e);
        Fr v = transcript.SqueezeChallenge();

        // The quotient is opened through Σ x^{(n−1)i}·h_i'; its value is implied, not sent.
        var quotient = new Fr[n];
        Fr xPiece = Fr.One, xStep = x.Pow((ulong)(n - 1));
        foreach (var piece in pieces) { PolynomialOps.AddScaled(quotient, piece, xPiece); xPiece *= xStep; }
        hooks.RewriteEvaluations(evaluations, queries.Select(qq => qq.Rotation).ToArray(), PolynomialOps.Evaluate(quotient, x), new TranscriptChallenges(theta, beta, gamma, y, x, v));
        var openings = queries.Select((qq, i) => new Multiopen.Query(qq.Rotation, evaluations[i], qq.Coefficients, null)).ToList();
        openings.Add(new Multiopen.Query(0, PolynomialOps.Evaluate(quotient, x), quotient, null));
        var openingProofs = Multiopen.Prove(layout, domain, committer, openings, x, v);

        Phase("multiopen");
        return new Proof
        {
            AdviceCommitments = adviceCommitments,
            LookupMultiplicityCommitments = multiplicityCommitments,
            PermutationProductCommitments = productCommitments,
            LookupSumCommitments = sumCommitments,
            QuotientCommitments = quotientCommitments,
            Evaluations = evaluations,
            OpeningProofs = openingProofs,
        };
    }
}
