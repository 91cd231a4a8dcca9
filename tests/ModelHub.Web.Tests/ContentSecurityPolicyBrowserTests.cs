using System.Text.RegularExpressions;

namespace ModelHub.Web.Tests;

/// <summary>
/// The catalog's content security policy lets onnxruntime-web run: the try-it test runs the WebAssembly build; this
/// loads the WebGPU build (its JSEP WebAssembly) under the same policy and creates a session, with no violation reported.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ContentSecurityPolicyBrowserTests(BrowserFixture browser)
{
    [GeneratedRegex("data-ort=\"(/_ort/[^\"]+/)\"")]
    private static partial Regex OrtBase();

    [Fact]
    public async Task The_webgpu_build_of_onnxruntime_web_loads_and_creates_a_session_under_the_page_policy()
    {
        var tryPage = await browser.Server.Anonymous.GetStringAsync("/models/lab/vision-detector/try");
        var ortBase = OrtBase().Match(tryPage).Groups[1].Value;
        browser.Open("/");
        Assert.Contains("wasm-unsafe-eval", browser.Script<string>(
            "return document.querySelector('meta[http-equiv=Content-Security-Policy]')?.content ?? 'header';") switch
        {
            "header" => (await browser.Server.Anonymous.GetAsync("/")).Headers.GetValues("Content-Security-Policy").Single(),
            var meta => meta,
        }, StringComparison.Ordinal);

        var outcome = browser.AsyncScript<string>("""
            const done = arguments[arguments.length - 1];
            const base = arguments[0];
            const violations = [];
            document.addEventListener('securitypolicyviolation', e => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
            const script = Object.assign(document.createElement('script'), { src: base + 'ort.webgpu.min.js' });
            script.onerror = () => done('could not load ' + script.src);
            script.onload = async () => {
              try {
                ort.env.wasm.wasmPaths = base;
                ort.env.wasm.numThreads = 1;
                const model = await (await fetch('/v1/models/lab/vision-detector/versions/1.0.0/files/model_int8.onnx')).arrayBuffer();
                const session = await ort.InferenceSession.create(new Uint8Array(model), { executionProviders: ['wasm'] });
                done(violations.length ? 'violations: ' + violations.join('; ') : 'ok ' + session.inputNames.join(','));
              } catch (e) {
                done('failed: ' + (e?.message ?? e) + ' ' + violations.join('; '));
              }
            };
            document.head.append(script);
            """, ortBase);

        Assert.StartsWith("ok ", outcome, StringComparison.Ordinal);
    }
}
