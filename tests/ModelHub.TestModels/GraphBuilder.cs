using Google.Protobuf;
using ModelHub.Onnx.Protos;
using DataType = ModelHub.Onnx.Protos.TensorProto.Types.DataType;

namespace ModelHub.TestModels;

/// <summary>A small fluent builder over the ONNX protobuf types, enough to write test graphs by hand.</summary>
public sealed class GraphBuilder(string name = "test")
{
    private readonly GraphProto _graph = new() { Name = name };
    private readonly List<(string Domain, long Version)> _opsets = [("", 17)];

    public GraphProto Graph => _graph;

    public GraphBuilder Input(string name, DataType type, params object?[] dims)
    {
        _graph.Input.Add(Value(name, type, dims));
        return this;
    }

    public GraphBuilder Output(string name, DataType type, params object?[] dims)
    {
        _graph.Output.Add(Value(name, type, dims));
        return this;
    }

    public GraphBuilder Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes) =>
        Node("", opType, inputs, outputs, attributes);

    /// <summary>A node of an operator set other than the default one.</summary>
    public GraphBuilder Node(string domain, string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Domain = domain, Name = $"{opType}_{_graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return this;
    }

    public GraphBuilder Initializer(TensorProto tensor)
    {
        _graph.Initializer.Add(tensor);
        return this;
    }

    public GraphBuilder Opset(string domain, long version)
    {
        _opsets.Add((domain, version));
        return this;
    }

    public ModelProto Model(long irVersion = 8)
    {
        var model = new ModelProto { IrVersion = irVersion, ProducerName = "ModelHub.TestModels", ProducerVersion = "1", Graph = _graph };
        model.OpsetImport.AddRange(_opsets.Select(o => new OperatorSetIdProto { Domain = o.Domain, Version = o.Version }));
        return model;
    }

    public byte[] Bytes(long irVersion = 8) => Model(irVersion).ToByteArray();

    public static ValueInfoProto Value(string name, DataType type, params object?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            // A string is a named symbolic dim, null an unnamed one (shown as ?), a number a fixed size.
            shape.Dim.Add(dim switch
            {
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                null => new TensorShapeProto.Types.Dimension(),
                _ => new TensorShapeProto.Types.Dimension
                {
                    DimValue = Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture),
                },
            });
        }

        var tensor = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape };
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attribute(string name, long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Attribute(string name, GraphProto graph) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = graph };

    public static AttributeProto Attribute(string name, TensorProto tensor) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = tensor };
}
