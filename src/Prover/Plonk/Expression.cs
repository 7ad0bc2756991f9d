using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// A polynomial over column queries at relative rotations: the language of gates and lookups.
/// Immutable trees built with operators: <c>q * (a.Cur * b.Cur + c.Cur - d.Cur)</c>.
/// </summary>
public abstract class Expression
{
    private protected Expression() { }

    /// <summary>Degree as a polynomial in the column values (a query has degree 1).</summary>
    public abstract int Degree { get; }

    public static Expression Constant(Fr value) => new ConstantExpression(value);
    public static Expression Query(Column column, int rotation) => new QueryExpression(column, rotation);

    public static implicit operator Expression(Fr value) => new ConstantExpression(value);
    public static implicit operator Expression(long value) => new ConstantExpression(Fr.FromInt64(value));

    public static Expression operator +(Expression a, Expression b) => new SumExpression(a, b);
    public static Expression operator -(Expression a, Expression b) => new SumExpression(a, new NegatedExpression(b));
    public static Expression operator -(Expression a) => new NegatedExpression(a);
    public static Expression operator *(Expression a, Expression b) =>
        b is ConstantExpression cb ? new ScaledExpression(a, cb.Value)
        : a is ConstantExpression ca ? new ScaledExpression(b, ca.Value)
        : new ProductExpression(a, b);

    /// <summary>Evaluates with the given value for each query.</summary>
    public Fr Evaluate(Func<Column, int, Fr> query) => this switch
    {
        ConstantExpression c => c.Value,
        QueryExpression q => query(q.Column, q.Rotation),
        SumExpression s => s.Left.Evaluate(query) + s.Right.Evaluate(query),
        ProductExpression p => p.Left.Evaluate(query) * p.Right.Evaluate(query),
        NegatedExpression n => -n.Inner.Evaluate(query),
        ScaledExpression s => s.Inner.Evaluate(query) * s.Factor,
        _ => throw new InvalidOperationException("Unknown expression node."),
    };

    /// <summary>Every query in the tree, in first-visit order, duplicates included.</summary>
    public IEnumerable<QueryExpression> Queries()
    {
        var stack = new Stack<Expression>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case QueryExpression q: yield return q; break;
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
