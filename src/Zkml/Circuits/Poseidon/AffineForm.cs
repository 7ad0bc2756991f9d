using ZkmlGpu.Field;

namespace ZkmlGpu.Zkml.Circuits.Poseidon;

/// <summary>
/// Σ Coefficients[i]·v_i + Constant over the variables of one Poseidon row (see <see cref="PoseidonSchedule"/>): the
/// symbolic value of a state element as the rounds of a row are executed on it.
/// </summary>
internal sealed class AffineForm
{
    public AffineForm(Fr[] coefficients, Fr constant) => (Coefficients, Constant) = (coefficients, constant);

    public Fr[] Coefficients { get; }
    public Fr Constant { get; }

    public static AffineForm Variable(int variables, int index)
    {
        var c = new Fr[variables];
        c[index] = Fr.One;
        return new AffineForm(c, Fr.Zero);
    }

    public static AffineForm ConstantOnly(int variables, Fr constant) => new(new Fr[variables], constant);

    public AffineForm Plus(Fr constant) => new(Coefficients, Constant + constant);

    /// <summary>Σ weights[j]·forms[j].</summary>
    public static AffineForm Combine(ReadOnlySpan<Fr> weights, IReadOnlyList<AffineForm> forms)
    {
        var c = new Fr[forms[0].Coefficients.Length];
        Fr k = Fr.Zero;
        for (int j = 0; j < forms.Count; j++)
        {
            for (int i = 0; i < c.Length; i++) c[i] += weights[j] * forms[j].Coefficients[i];
            k += weights[j] * forms[j].Constant;
        }
        return new AffineForm(c, k);
    }

    /// <summary>The linear part at the given variable values (the constant is not added).</summary>
    public Fr Linear(ReadOnlySpan<Fr> values)
    {
        Fr sum = Fr.Zero;
        for (int i = 0; i < Coefficients.Length; i++)
            if (!Coefficients[i].IsZero) sum += Coefficients[i] * values[i];
        return sum;
    }
}
