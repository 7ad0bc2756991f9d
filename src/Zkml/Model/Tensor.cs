namespace ZkmlGpu.Zkml.Model;

/// <summary>A dense row-major tensor. <c>double</c> for real constants before quantization, <c>long</c> for fixed point.</summary>
public sealed class Tensor<T>
{
    public Tensor(TensorShape shape, T[] data)
    {
        if (data.Length != shape.Size) throw new ArgumentException($"{data.Length} values for shape {shape}", nameof(data));
        Shape = shape;
        Data = data;
    }

    public Tensor(TensorShape shape) : this(shape, new T[shape.Size]) { }

    public TensorShape Shape { get; }
    public T[] Data { get; }
}
