using Google.Protobuf;
using Onnx;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>Builds small ONNX models in tests with the protobuf classes, for ONNX Runtime and the importer alike.</summary>
internal sealed class OnnxModelBuilder
{
    private readonly ModelProto _model = new() { IrVersion = 8, ProducerName = "zkml-tests" };
    private readonly GraphProto _graph = new() { Name = "test" };

    public OnnxModelBuilder(int opset = 13)
    {
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        _model.Graph = _graph;
    }

    public OnnxModelBuilder Input(string name, params int[] shape)
    {
        _graph.Input.Add(Value(name, 1, shape));
        return this;
    }

    public OnnxModelBuilder Output(string name, int elemType = 1)
    {
        _graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elemType } } });
        return this;
    }

    public OnnxModelBuilder Float(string name, float[] data, params int[] shape)
    {
        var t = new TensorProto { Name = name, DataType = 1 };
        t.Dims.AddRange(shape.Select(d => (long)d));
        t.FloatData.AddRange(data);
        _graph.Initializer.Add(t);
        return this;
    }

    public OnnxModelBuilder Int64(string name, long[] data, params int[] shape)
    {
        var t = new TensorProto { Name = name, DataType = 7 };
        t.Dims.AddRange(shape.Select(d => (long)d));
        t.Int64Data.AddRange(data);
        _graph.Initializer.Add(t);
        return this;
    }

    public OnnxModelBuilder Node(string op, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        var n = new NodeProto { OpType = op, Name = op + "_" + _graph.Node.Count };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        foreach (var (name, value) in attributes)
        {
            var a = new AttributeProto { Name = name };
            switch (value)
            {
                case int i: a.Type = AttributeProto.Types.AttributeType.Int; a.I = i; break;
                case long l: a.Type = AttributeProto.Types.AttributeType.Int; a.I = l; break;
                case float f: a.Type = AttributeProto.Types.AttributeType.Float; a.F = f; break;
                case double d: a.Type = AttributeProto.Types.AttributeType.Float; a.F = (float)d; break;
                case string s: a.Type = AttributeProto.Types.AttributeType.String; a.S = ByteString.CopyFromUtf8(s); break;
                case int[] ints: a.Type = AttributeProto.Types.AttributeType.Ints; a.Ints.AddRange(ints.Select(x => (long)x)); break;
                case float[] fs: a.Type = AttributeProto.Types.AttributeType.Floats; a.Floats.AddRange(fs); break;
                case TensorProto t: a.Type = AttributeProto.Types.AttributeType.Tensor; a.T = t; break;
                default: throw new ArgumentException($"attribute type {value.GetType()}");
            }
            n.Attribute.Add(a);
        }
        _graph.Node.Add(n);
        return this;
    }

    /// <summary>One node from the graph's single input "x" to its single output "y".</summary>
    public static OnnxModelBuilder Unary(string op, int[] shape, int opset = 13, params (string, object)[] attributes) =>
        new OnnxModelBuilder(opset).Input("x", shape).Node(op, new[] { "x" }, new[] { "y" }, attributes).Output("y");

    public byte[] Build() => _model.ToByteArray();

    private static ValueInfoProto Value(string name, int elemType, int[] shape)
    {
        var tt = new TypeProto.Types.Tensor { ElemType = elemType, Shape = new TensorShapeProto() };
        foreach (int d in shape) tt.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tt } };
    }
}
