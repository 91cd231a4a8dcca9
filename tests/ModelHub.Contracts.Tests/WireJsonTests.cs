using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ModelHub.Contracts.Channels;
using ModelHub.Contracts.Manifests;
using ModelHub.Contracts.Repositories;
using ModelHub.Contracts.Tokens;
using ModelHub.Contracts.Uploads;
using ModelHub.Contracts.Versions;

namespace ModelHub.Contracts.Tests;

/// <summary>
/// Each record reads the JSON the server writes (camelCase, nulls written) with no field left over, and writes it back
/// unchanged: the SDK and the CLI lose nothing between the server and a script.
/// </summary>
public sealed class WireJsonTests
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private const string File = """{"path":"model.onnx","url":"/v1/blobs/sha256:aa","digest":"sha256:aa","size":1048576}""";

    private const string Variant = $$"""
        {"name":"int8","precision":"int8","providers":["wasm","cpu"],"size":1048576,"minMemoryMb":2,"files":[{{File}}],
         "executionProvider":"wasm","memorySource":"estimated"}
        """;

    [Fact]
    public void Manifest_round_trips_and_leaves_all_files_out_of_the_wire_shape()
    {
        var json = $$"""
            {"model":"acme/vad","version":"2.0.0","channel":"stable","rollout":{"version":"2.1.0","percent":25,"included":false},
             "variant":{{Variant}},"sharedFiles":[{"path":"config.json","url":"/v1/blobs/sha256:bb","digest":"sha256:bb","size":12}],
             "fallbacks":[{{Variant}}],"reason":"chose int8: the only tier for wasm","excluded":[{"variant":"fp32","reason":"needs cpu"}],
             "request":{"repository":"acme/vad","channel":"stable","version":null,"device":"memory=4096;ep=wasm;platform=web"},
             "issuedAt":"2026-11-28T10:00:00+00:00","expiresAt":"2026-11-28T11:00:00+00:00"}
            """;

        var manifest = RoundTrips<Manifest>(json);

        Assert.Equal(["model.onnx", "config.json"], manifest.AllFiles.Select(f => f.Path));
    }

    [Fact]
    public void A_manifest_without_a_rollout_or_a_channel_round_trips() => RoundTrips<Manifest>($$"""
        {"model":"acme/vad","version":"1.0.0","channel":null,"rollout":null,"variant":{{Variant}},"sharedFiles":[],"fallbacks":[],
         "reason":"chose int8","excluded":[],"request":{"repository":"acme/vad","channel":null,"version":"1.0.0","device":""},
         "issuedAt":"2026-11-28T10:00:00+00:00","expiresAt":"2026-11-28T11:00:00+00:00"}
        """);

    [Fact]
    public void Public_key_round_trips() => RoundTrips<PublicKey>("""
        {"keyId":"0123456789abcdef","algorithm":"ed25519","key":"AAAA","keys":[
         {"keyId":"0123456789abcdef","algorithm":"ed25519","key":"AAAA","status":"current","createdAt":"2026-11-28T10:00:00+00:00"},
         {"keyId":"fedcba9876543210","algorithm":"ed25519","key":"BBBB","status":"previous","createdAt":null}]}
        """);

    [Fact]
    public void Repository_page_with_selection_rules_round_trips() => RoundTrips<RepositoryPage>("""
        {"items":[{"kind":"models","owner":"acme","name":"vad","description":"Voice activity","card":"# VAD","tags":["audio"],
          "private":false,"createdAt":"2026-11-22T10:15:30.1234567+00:00","updatedAt":"2026-11-23T08:00:00+00:00","latestVersion":"1.0.0",
          "selectionRules":[{"variant":"int8","platform":"web","provider":null,"noProvider":"webgpu","network":null,"saveData":null,
            "maxMemoryMb":4096}]}],
         "page":1,"pageSize":20,"total":1}
        """);

    [Fact]
    public void Version_detail_with_its_validation_report_round_trips() => RoundTrips<VersionDetail>("""
        {"repository":"acme/vad","version":"1.0.0","state":"rejected","notes":null,"createdBy":"admin",
         "createdAt":"2026-11-22T10:15:30.5+00:00","publishedAt":null,"totalSize":1048588,
         "files":[{"path":"model.onnx","digest":"sha256:aa","size":1048576,"contentType":"application/octet-stream",
           "url":"/v1/models/acme/vad/versions/1.0.0/files/model.onnx"}],
         "variants":[{"name":"fp32","file":"model.onnx","precision":"fp32","reference":true,"providers":["cpu"],"minMemoryMb":null,
           "quality":null,"measuredMemoryMb":50,"memorySource":"measured","neededMemoryMb":50}],
         "validation":{"passed":false,"reason":"int8: cosine 0.5 < 0.99","files":[
           {"path":"model.onnx","variant":"fp32","isReference":true,"status":"failed","reason":"cosine 0.5 < 0.99",
            "model":{"irVersion":8,"opsets":[{"domain":"","version":17}],"producer":"test","producerVersion":null,
              "inputs":[{"name":"x","elementType":"float","shape":["batch","4"]}],
              "outputs":[{"name":"y","elementType":"float","shape":["?"]}],
              "parameterCount":16,"precision":"fp32","weightElementsByType":{"float":16},"quantizationOps":[],"externalData":[]},
            "smoke":{"loadMs":3.5,"medianLatencyMs":0.25,"runs":5,"firstRunMs":1.5,"timedRuns":4,"inputSets":3,
              "latencyRepresentative":false,
              "inputs":[{"name":"x","elementType":"float","shape":[1,4],"hinted":false,"source":"synthetic","sample":null,
                "min":-1,"max":1,"placeholders":[{"index":0,"dim":"batch"}]}],
              "outputs":[{"name":"y","elementType":"float","shape":[1,4],"finite":true}]},
            "agreement":[{"output":"y","maxAbsDiff":0.125,"cosine":0.5,"relativeError":0.75,"values":12,"shape":[1,4],
              "referenceShape":[1,4],"passed":false,"reason":"cosine 0.5 < 0.99"}],
            "inputs":null,
            "memory":{"peakBytes":52428800,"loadedBytes":41943040,"baselineBytes":31457280,"method":"sampled"},
            "declaredPrecision":"fp16","warnings":["precision declared fp16, detected fp32"]}],
          "elapsedMs":120.5,
          "limits":{"memoryCapMegabytes":1024,"maxMemoryCapMegabytes":2048,"requestedMemoryCapMegabytes":1024,"timeoutSeconds":120},
          "tolerance":null,"warnings":null,"gate":null},
         "downloads":{"fp32":3,"":1},
         "datasets":[{"kind":"datasets","repository":"acme/speech","version":"3","url":"/v1/datasets/acme/speech/versions/3"}],
         "usedBy":[],
         "smoke":{"dims":{"batch":1},"inputs":{"x":{"shape":null,"values":[16000],"min":null,"max":null,"sample":null}},
           "files":null,"variants":null},
         "manifestLookups":{"fp32":7},"tables":null,"parent":null,"changes":null}
        """);

    [Fact]
    public void Version_summaries_round_trip() => RoundTrips<List<VersionSummary>>("""
        [{"version":"1.0.0","state":"published","notes":"first","createdBy":"admin","createdAt":"2026-11-22T10:15:30+00:00",
          "publishedAt":"2026-11-22T10:15:31+00:00","fileCount":2,"totalSize":1048588}]
        """);

    [Fact]
    public void Channels_and_their_history_round_trip()
    {
        RoundTrips<List<ChannelInfo>>("""
            [{"name":"stable","version":"1.0.0","rolloutVersion":"2.0.0","rolloutPercent":12.5,"updatedBy":"admin",
              "updatedAt":"2026-11-22T10:15:30+00:00"}]
            """);
        RoundTrips<List<ChannelEventInfo>>("""
            [{"from":null,"to":"1.0.0","rolloutVersion":null,"rolloutPercent":0,"by":"admin","at":"2026-11-22T10:15:30+00:00"}]
            """);
    }

    [Fact]
    public void Created_tokens_round_trip() => RoundTrips<CreatedToken>("""
        {"info":{"id":7,"name":"ci","prefix":"mh_abcd","scopes":["write"],"owners":["acme"],"createdBy":"admin",
          "createdAt":"2026-11-22T10:15:30+00:00","expiresAt":null,"revokedAt":"2026-11-23T10:15:30+00:00"},"token":"mh_abcdefgh"}
        """);

    [Fact]
    public void Upload_answers_round_trip()
    {
        RoundTrips<BlobInfo>("""{"digest":"sha256:aa","size":12}""");
        RoundTrips<UploadStatus>("""
            {"id":"0f8fad5b-d9cb-469f-a165-70867728950e","offset":1048576,"location":"/v1/uploads/0f8fad5b-d9cb-469f-a165-70867728950e"}
            """);
    }

    [Fact]
    public void Requests_write_the_names_the_server_binds()
    {
        var request = new CreateVersionRequest("1.0.0", null, [new FileEntry("model.onnx", "sha256:aa", 12, null)],
            [new VariantEntry("fp32", "model.onnx", null, true, ["cpu"], null, null)], Datasets: ["acme/speech@3"]);

        var json = JsonNode.Parse(JsonSerializer.Serialize(request, JsonSerializerOptions.Web))!;

        Assert.Equal("model.onnx", (string?)json["files"]![0]!["path"]);
        Assert.True((bool?)json["variants"]![0]!["reference"]);
        Assert.Equal("acme/speech@3", (string?)json["datasets"]![0]);
        Assert.Equal(
            """{"version":"2.0.0","rolloutVersion":"2.1.0","rolloutPercent":10}""",
            JsonSerializer.Serialize(new MoveChannelRequest("2.0.0", "2.1.0", 10), JsonSerializerOptions.Web));
        RoundTrips<UpdateRepositoryRequest>("""
            {"description":null,"card":"# Card","tags":null,"private":true,"selectionRules":[{"variant":"int8","platform":null,
             "provider":null,"noProvider":null,"network":"cellular","saveData":true,"maxMemoryMb":null}]}
            """);
        RoundTrips<CreateTokenRequest>("""{"name":"ci","scopes":["read"],"owners":["*"],"expiresAt":null}""");
        RoundTrips<CreateRepositoryRequest>("""{"owner":"acme","name":"vad","description":null,"card":null,"tags":[],"private":false}""");
    }

    private static T RoundTrips<T>(string json)
    {
        var value = JsonSerializer.Deserialize<T>(json, Strict)!;
        var written = JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(written)), $"wrote {written}");
        return value;
    }
}
