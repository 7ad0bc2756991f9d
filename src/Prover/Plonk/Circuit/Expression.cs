using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// A polynomial over column queries at relative rotations and challenges: the language of gates and lookups.
/// Immutable trees built with operators: <c>q * (a.Cur * b.Cur + c.Cur - d.Cur)</c>.
/// </summary>
public abstract class Expression
{
    private protected Expression() { }

    /// <summary>Degree as a polynomial in the column values (a query has degree 1).</summary>
    public abstract int Degree { get; }

    public static Expression Constant(Fr value) => new ConstantExpression(value);
    public static Expression Query(Column column, int rotation) => new QueryExpression(column, rotation);
    public static Expression Of(Challenge challenge) => new ChallengeExpression(challenge);

    public static implicit operator Expression(Fr value) => new ConstantExpression(value);
    public static implicit operator Expression(long value) => new ConstantExpression(Fr.FromInt64(value));

    public static Expression operator +(Expression a, Expression b) => new SumExpression(a, b);
    public static Expression operator -(Expression a, Expression b) => new SumExpression(a, new NegatedExpression(b));
    public static Expression operator -(Expression a) => new NegatedExpression(a);
    public static Expression operator *(Expression a, Expression b) =>
        b is ConstantExpression cb ? new ScaledExpression(a, cb.Value)
        : a is ConstantExpression ca ? new ScaledExpression(b, ca.Value)
        : new ProductExpression(a, b);

    /// <summary>Evaluates with the given value for each query (the expression must use no challenge).</summary>
    public Fr Evaluate(Func<Column, int, Fr> query) => Evaluate(query, []);

    /// <summary>Evaluates with the given value for each query and challenge values indexed by <see cref="Challenge.Index"/>.</summary>
    public Fr Evaluate(Func<Column, int, Fr> query, IReadOnlyList<Fr> challenges) => this switch
    {
        ConstantExpression c => c.Value,
        QueryExpression q => query(q.Column, q.Rotation),
        ChallengeExpression ch => ch.Challenge.Index < challenges.Count ? challenges[ch.Challenge.Index]
            : throw new InvalidOperationException($"{ch.Challenge} has no value here."),
        SumExpression s => s.Left.Evaluate(query, challenges) + s.Right.Evaluate(query, challenges),
        ProductExpression p => p.Left.Evaluate(query, challenges) * p.Right.Evaluate(query, challenges),
        NegatedExpression n => -n.Inner.Evaluate(query, challenges),
        ScaledExpression s => s.Inner.Evaluate(query, challenges) * s.Factor,
        _ => throw new InvalidOperationException("Unknown expression node."),
    };

    /// <summary>Every challenge in the tree.</summary>
    public IEnumerable<Challenge> Challenges() => Nodes().OfType<ChallengeExpression>().Select(c => c.Challenge);

    /// <summary>Every query in the tree, in first-visit order, duplicates included.</summary>
    public IEnumerable<QueryExpression> Queries() => Nodes().OfType<QueryExpression>();

    private IEnumerable<Expression> Nodes()
    {
        var stack = new Stack<Expression>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            switch (node)
            {
                case SumExpression s: stack.Push(s.Right); stack.Push(s.Left); break;
                case ProductExpression p: stack.Push(p.Right); stack.Push(p.Left); break;
                case NegatedExpression n: stack.Push(n.Inner); break;
                case ScaledExpression s: stack.Push(s.Inner); break;
            }
        }
    }

    public override string ToString() => this switch
    {
        ConstantExpression c => c.Value.ToString(),
        QueryExpression q => q.Rotation == 0 ? q.Column.ToString() : $"{q.Column}[{q.Rotation:+#;-#}]",
        ChallengeExpression ch => ch.Challenge.ToString(),
        SumExpression s => s.Right is NegatedExpression n ? $"({s.Left} - {n.Inner})" : $"({s.Left} + {s.Right})",
        ProductExpression p => $"{p.Left}·{p.Right}",
        NegatedExpression n => $"-{n.Inner}",
        ScaledExpression s => $"{s.Factor}·{s.Inner}",
        _ => "?",
    };
}

public sealed class ConstantExpression(Fr value) : Expression
{
    public Fr Value { get; } = value;
    public override int Degree => 0;
}

public sealed class QueryExpression(Column column, int rotation) : Expression
{
    public Column Column { get; } = column;
    public int Rotation { get; } = rotation;
    public override int Degree => 1;
}

/// <summary>A verifier challenge: a constant drawn after its phase's advice is committed (degree 0).</summary>
public sealed class ChallengeExpression(Challenge challenge) : Expression
{
    public Challenge Challenge { get; } = challenge;
    public override int Degree => 0;
}

public sealed class SumExpression(Expression left, Expression right) : Expression
{
    public Expression Left { get; } = left;
    public Expression Right { get; } = right;
    public override int Degree { get; } = Math.Max(left.Degree, right.Degree);
}

public sealed class ProductExpression(Expression left, Expression right) : Expression
{
    public Expression Left { get; } = left;
    public Expression Right { get; } = right;
    public override int Degree { get; } = left.Degree + right.Degree;
}

public sealed class NegatedExpression(Expression inner) : Expression
{
    public Expression Inner { get; } = inner;
    public override int Degree => Inner.Degree;
}

public sealed class ScaledExpression(Expression inner, Fr factor) : Expression
{
    public Expression Inner { get; } = inner;
    public Fr Factor { get; } = factor;
    public override int Degree => Inner.Degree;
}
