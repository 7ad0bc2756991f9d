using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;
using ZkmlGpu.Prover.Polynomials;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// Copy constraints as a permutation σ of the equality columns' cells (PLONK §5, halo2's chunked variant).
/// Columns are split into chunks of <see cref="ConstraintSystem.PermutationChunkSize"/>; chunk c has a grand product
/// Z_c with, on every usable row, Z_c(ωX)·Π(v_j + β·σ_j + γ) = Z_c(X)·Π(v_j + β·δ^j·X + γ). Every Z_c starts at 1 and
/// Π_c Z_c(ω^last) = 1, or, when that product's degree is too high (<see cref="ProofLayout.LinkedChunks"/>),
/// Z_0(ω^0) = 1, Z_c(ω^0) = Z_{c−1}(ω^last) and Z_last(ω^last) = 1. δ = g^(2^28) has odd order, so the cosets δ^j·H are disjoint.
/// Keygen, prover and verifier halves are below, in that order.
/// </summary>
internal static class PermutationArgument
{
    public static readonly Fr Delta = Fr.MultiplicativeGenerator.Pow(1UL << Bn254Constants.FrTwoAdicity);

    // ---------------- keygen ----------------

    /// <summary>σ_j(ω^i) = δ^{j'}·ω^{i'} where (j', i') is the next cell in (j, i)'s copy cycle.</summary>
    public static Fr[][] BuildSigmaValues(ConstraintSystem cs, IReadOnlyList<(Cell A, Cell B)> copies, EvaluationDomain domain)
    {
        var columns = cs.EqualityColumns;
        int m = columns.Count, n = domain.N;
        var index = new Dictionary<Column, int>();
        for (int j = 0; j < m; j++) index[columns[j]] = j;
        // Cells packed as j·n + i; mapping is the permutation, aux the cycle representative, size the cycle length.
        var mapping = new long[m * (long)n];
        var aux = new long[m * (long)n];
        var size = new int[m * (long)n];
        for (long c = 0; c < mapping.Length; c++) { mapping[c] = c; aux[c] = c; size[c] = 1; }
        foreach (var (a, b) in copies)
        {
            long left = index[a.Column] * (long)n + a.Row, right = index[b.Column] * (long)n + b.Row;
            long leftCycle = aux[left], rightCycle = aux[right];
            if (leftCycle == rightCycle) continue;
            if (size[leftCycle] < size[rightCycle]) { (left, right) = (right, left); (leftCycle, rightCycle) = (rightCycle, leftCycle); }
            size[leftCycle] += size[rightCycle];
            long cur = right;
            do { aux[cur] = leftCycle; cur = mapping[cur]; } while (cur != right);
            (mapping[left], mapping[right]) = (mapping[right], mapping[left]);
        }
        var omegaPowers = Powers(domain.Omega, n);
        var deltaPowers = Powers(Delta, Math.Max(m, 1));
        var sigma = new Fr[m][];
        for (int j = 0; j < m; j++)
        {
            var column = new Fr[n];
            for (int i = 0; i < n; i++)
            {
                long target = mapping[j * (long)n + i];
                column[i] = deltaPowers[(int)(target / n)] * omegaPowers[(int)(target % n)];
            }
            sigma[j] = column;
        }
        return sigma;
    }

    internal static Fr[] Powers(Fr x, int count)
    {
        var result = new Fr[count];
        Fr acc = Fr.One;
        for (int i = 0; i < count; i++) { result[i] = acc; acc *= x; }
        return result;
    }

    /// <summary>This argument's evaluations, in proof order: σ_j(x) per column, then per chunk Z(x), Z(ωx) and, when chunks are linked, Z(ω^last·x) for all but the last.</summary>
    public static IEnumerable<Opening> Openings(ProofLayout layout)
    {
        for (int j = 0; j < layout.PermutationColumns.Count; j++) yield return new Opening(PolynomialKind.PermutationSigma, j, 0);
        for (int c = 0; c < layout.PermutationChunks; c++)
        {
            yield return new Opening(PolynomialKind.PermutationProduct, c, 0);
            yield return new Opening(PolynomialKind.PermutationProduct, c, 1);
            if (layout.LinkedChunks && c < layout.PermutationChunks - 1) yield return new Opening(PolynomialKind.PermutationProduct, c, layout.LastRow);
        }
    }

    // ---------------- prover ----------------

    /// <summary>The grand products Z_c over the rows (blinding rows random), one array per chunk.</summary>
    public static Fr[][] ComputeProducts(ProofLayout layout, EvaluationDomain domain, Func<Column, Fr[]> rowValues, Fr[][] sigmaValues, Fr beta, Fr gamma, Func<Fr> random, bool checkWitness)
    {
        int n = layout.N, u = layout.UsableRows;
        var omegaPowers = Powers(domain.Omega, n);
        var products = new Fr[layout.PermutationChunks][];
        Fr carry = Fr.One;
        for (int c = 0; c < layout.PermutationChunks; c++)
        {
            int j0 = c * layout.ChunkSize;
            var columns = layout.ChunkColumns(c)
                .Select((column, offset) => (rowValues(column), sigmaValues[j0 + offset], beta * Delta.Pow((ulong)(j0 + offset))))
                .ToArray();
            var z = new Fr[n];
            Fr first = layout.LinkedChunks ? carry : Fr.One;
            ChunkProduct(u, columns, omegaPowers, beta, gamma, first, z);
            carry = layout.LinkedChunks ? z[u] : carry * z[u];
            for (int i = u + 1; i < n; i++) z[i] = random();
            products[c] = z;
        }
        if (checkWitness && layout.PermutationChunks > 0 && carry != Fr.One)
            throw new InvalidOperationException("The copy constraints do not hold: the permutation product does not end at 1 (run MockProver to find the copy).");
        return products;
    }

    /// <summary>One chunk's z[0 .. u]: z[0] = first, z[i + 1] = z[i]·Π_j (v_j + βδ^j·ω^i + γ) / (v_j + β·σ_j + γ), on the lanes of <see cref="SimdWidth.Current"/>.</summary>
    internal static void ChunkProduct(int u, (Fr[] Values, Fr[] Sigma, Fr BetaDelta)[] columns, Fr[] omegaPowers, Fr beta, Fr gamma, Fr first, Fr[] z)
    {
        switch (columns.Length == 0 ? 1 : SimdWidth.Current)
        {
            case 8: GrandProductLanes<FrLanes512>.PermutationChunk(u, columns, omegaPowers, beta, gamma, first, z); break;
            case 4: GrandProductLanes<FrLanes256>.PermutationChunk(u, columns, omegaPowers, beta, gamma, first, z); break;
            default: ChunkProductScalar(u, columns, omegaPowers, beta, gamma, first, z); break;
        }
    }

    private static void ChunkProductScalar(int u, (Fr[] Values, Fr[] Sigma, Fr BetaDelta)[] columns, Fr[] omegaPowers, Fr beta, Fr gamma, Fr first, Fr[] z)
    {
        var numerator = new Fr[u];
        var denominator = new Fr[u];
        numerator.AsSpan().Fill(Fr.One);
        denominator.AsSpan().Fill(Fr.One);
        foreach (var (values, sigma, betaDelta) in columns)
        {
            Parallel.For(0, (u + 4095) / 4096, block =>
            {
                int end = Math.Min(u, (block + 1) * 4096);
                for (int i = block * 4096; i < end; i++)
                {
                    Fr v = values[i] + gamma;
                    numerator[i] *= v + betaDelta * omegaPowers[i];
                    denominator[i] *= v + beta * sigma[i];
                }
            });
        }
        FieldBatch.InvertNonZero<Fr>(denominator);
        z[0] = first;
        for (int i = 0; i < u; i++) z[i + 1] = z[i] * numerator[i] * denominator[i];
    }

    /// <summary>Folds this argument's constraints on a block of the extended domain into acc (acc = acc·y + constraint).</summary>
    public static void AccumulateBlock(QuotientContext q, int start, Span<Fr> acc, Fr y)
    {
        var layout = q.Layout;
        int len = acc.Length, ext = q.Domain.ExtendedN, e = q.Domain.ExtensionFactor;
        int shiftNext = e, shiftLast = (int)((long)layout.LastRow * e % ext);
        if (layout.PermutationChunks == 0) return;
        var z = q.PermutationExtended;
        Span<Fr> left = stackalloc Fr[len], right = stackalloc Fr[len];
        int Wrap(int index) => index >= ext ? index - ext : index;
        if (layout.LinkedChunks)
        {
            // l_0·(1 − Z_0), l_last·(Z_last − 1), and l_0·(Z_c(X) − Z_{c−1}(ω^last·X)) links the chunks.
            for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.L0Extended[start + i] * (Fr.One - z[0][start + i]);
            for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.LLastExtended[start + i] * (z[^1][start + i] - Fr.One);
            for (int c = 1; c < layout.PermutationChunks; c++)
                for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.L0Extended[start + i] * (z[c][start + i] - z[c - 1][Wrap(start + i + shiftLast)]);
        }
        else
        {
            // l_0·(1 − Z_c) for every chunk, then l_last·(Π_c Z_c − 1).
            for (int c = 0; c < layout.PermutationChunks; c++)
                for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.L0Extended[start + i] * (Fr.One - z[c][start + i]);
            for (int i = 0; i < len; i++)
            {
                Fr product = z[0][start + i];
                for (int c = 1; c < layout.PermutationChunks; c++) product *= z[c][start + i];
                acc[i] = acc[i] * y + q.Pk.LLastExtended[start + i] * (product - Fr.One);
            }
        }
        // l_active·(Z_c(ωX)·Π(v + βσ + γ) − Z_c(X)·Π(v + βδ^j X + γ))
        Fr x0 = q.Domain.CosetShift * q.Domain.ExtendedOmega.Pow((ulong)start);
        for (int c = 0; c < layout.PermutationChunks; c++)
        {
            for (int i = 0; i < len; i++) { left[i] = z[c][Wrap(start + i + shiftNext)]; right[i] = z[c][start + i]; }
            int j = c * layout.ChunkSize;
            foreach (var column in layout.ChunkColumns(c))
            {
                var v = q.Extended(column);
                var sigma = q.Pk.SigmaExtended[j];
                Fr betaDelta = q.Beta * q.DeltaPowers[j];
                Fr x = x0;
                for (int i = 0; i < len; i++)
                {
                    Fr vg = v[start + i] + q.Gamma;
                    left[i] *= vg + q.Beta * sigma[start + i];
                    right[i] *= vg + betaDelta * x;
                    x *= q.Domain.ExtendedOmega;
                }
                j++;
            }
            for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.LActiveExtended[start + i] * (left[i] - right[i]);
        }
    }

    // ---------------- verifier ----------------

    /// <summary>The same constraints evaluated at x from the proof's evaluations; folds them into acc in the same order.</summary>
    public static Fr Accumulate(VerifierContext v, Fr acc, Fr y)
    {
        var layout = v.Layout;
        if (layout.PermutationChunks == 0) return acc;
        var z = v.Evaluations.PermutationProducts;
        if (layout.LinkedChunks)
        {
            acc = acc * y + v.L0 * (Fr.One - z[0].AtX);
            acc = acc * y + v.LLast * (z[^1].AtX - Fr.One);
            for (int c = 1; c < layout.PermutationChunks; c++) acc = acc * y + v.L0 * (z[c].AtX - z[c - 1].AtLast);
        }
        else
        {
            for (int c = 0; c < layout.PermutationChunks; c++) acc = acc * y + v.L0 * (Fr.One - z[c].AtX);
            Fr product = Fr.One;
            foreach (var zc in z) product *= zc.AtX;
            acc = acc * y + v.LLast * (product - Fr.One);
        }
        for (int c = 0; c < layout.PermutationChunks; c++)
        {
            Fr left = z[c].AtNext, right = z[c].AtX;
            int j = c * layout.ChunkSize;
            foreach (var column in layout.ChunkColumns(c))
            {
                Fr value = v.ColumnAt(column, 0) + v.Gamma;
                left *= value + v.Beta * v.Evaluations.Sigma[j];
                right *= value + v.Beta * Delta.Pow((ulong)j) * v.X;
                j++;
            }
            acc = acc * y + v.LActive * (left - right);
        }
        return acc;
    }
}
