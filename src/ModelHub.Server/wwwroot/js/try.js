// The try-it page: manifest for this browser → cached, verified download → one onnxruntime-web inference.
(() => {
  const root = document.getElementById("try");
  if (!root) return;
  const $ = id => document.getElementById(id);
  const { owner, name, query, ort: ortBase } = root.dataset;

  async function describeDevice() {
    let webgpu = false;
    try {
      // Some headless or GPU-less browsers never settle requestAdapter(): give it two seconds.
      const adapter = navigator.gpu
        ? await Promise.race([navigator.gpu.requestAdapter(), new Promise(r => setTimeout(() => r(null), 2000))])
        : null;
      webgpu = !!adapter;
    } catch { webgpu = false; }
    const memoryGb = navigator.deviceMemory || 4;
    return { webgpu, memoryGb, ep: webgpu ? "webgpu,wasm" : "wasm" };
  }

  async function sha256(bytes) {
    const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    return "sha256:" + Array.from(hash, b => b.toString(16).padStart(2, "0")).join("");
  }

  // Digest URLs never change, so a cached copy is final; only bytes that verify are kept.
  async function fetchCached(file, cache) {
    const url = new URL(file.url, location.origin).toString();
    const hit = await cache.match(url);
    if (hit) return { bytes: new Uint8Array(await hit.arrayBuffer()), network: 0 };
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${file.path}: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const digest = await sha256(bytes);
    if (digest !== file.digest) throw new Error(`${file.path} hashes to ${digest}, not ${file.digest}: not used.`);
    await cache.put(url, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
    return { bytes, network: bytes.length };
  }

  // Inputs as the server's smoke run fed them: its shapes, the uploader's hinted values, else small pseudo-random ones.
  function makeInputs(report, smoke) {
    const feeds = {};
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
    for (const input of report?.smoke?.inputs ?? []) {
      const count = input.shape.reduce((a, b) => a * b, 1);
      const hint = smoke?.inputs?.[input.name];
      const values = i => hint?.values?.length ? hint.values[i % hint.values.length] : random();
      // Integers: the hinted values as given, else small non-negative ones (indices, lengths, ids).
      const integer = i => Math.round(hint?.values?.length ? values(i) : Math.abs(values(i)) * 4);
      switch (input.elementType) {
        case "int64":
          feeds[input.name] = new ort.Tensor("int64", BigInt64Array.from({ length: count }, (_, i) => BigInt(integer(i))), input.shape);
          break;
        case "int32":
          feeds[input.name] = new ort.Tensor("int32", Int32Array.from({ length: count }, (_, i) => integer(i)), input.shape);
          break;
        case "bool":
          feeds[input.name] = new ort.Tensor("bool", Uint8Array.from({ length: count }, (_, i) => values(i) > 0 ? 1 : 0), input.shape);
          break;
        default:
          feeds[input.name] = new ort.Tensor("float32", Float32Array.from({ length: count }, (_, i) => values(i)), input.shape);
          break;
      }
    }
    return feeds;
  }

  function step(text) { root.dataset.step = text; }

  // The WebGPU bundle only where WebGPU works (its runtime is twice the size); the WASM one everywhere else.
  let runtime;
  function loadRuntime(webgpu) {
    runtime ??= new Promise((resolve, reject) => {
      const script = Object.assign(document.createElement("script"), { src: ortBase + (webgpu ? "ort.webgpu.min.js" : "ort.wasm.min.js") });
      script.onload = () => resolve(window.ort);
      script.onerror = () => reject(new Error("could not load onnxruntime-web from " + script.src));
      document.head.append(script);
    });
    return runtime;
  }

  async function run() {
    $("error").hidden = true;
    root.dataset.state = "running";
    try {
      step("device");
      const device = await describeDevice();
      $("device").textContent = `${device.memoryGb} GB, ${device.webgpu ? "WebGPU available" : "no WebGPU"} → providers ${device.ep}`;
      const params = new URLSearchParams(query);
      params.set("platform", "web");
      params.set("ep", device.ep);
      params.set("memory", `${device.memoryGb}g`);
      step("manifest");
      const manifestResponse = await fetch(`/v1/models/${owner}/${name}/manifest?${params}`);
      const manifest = await manifestResponse.json();
      if (!manifestResponse.ok) throw new Error(manifest.detail || `manifest: HTTP ${manifestResponse.status}`);
      $("tier").textContent = `${manifest.variant.name} (${manifest.variant.precision}) of version ${manifest.version}`;
      $("reason").textContent = manifest.reason;
      $("excluded").replaceChildren(...(manifest.excluded ?? []).map(x =>
        Object.assign(document.createElement("li"), { textContent: `${x.variant}: ${x.reason}` })));

      step("download");
      const cache = await caches.open("modelhub-models");
      let network = 0;
      const files = {};
      for (const file of manifest.variant.files) {
        const got = await fetchCached(file, cache);
        network += got.network;
        files[file.path] = got.bytes;
      }
      const total = manifest.variant.files.reduce((a, f) => a + f.size, 0);
      $("download").textContent = network === 0
        ? `0 bytes from the network: all ${total} bytes from the browser cache`
        : `${network} bytes downloaded and verified`;
      $("download").dataset.network = String(network);

      const version = await (await fetch(`/v1/models/${owner}/${name}/versions/${encodeURIComponent(manifest.version)}`)).json();
      const modelFile = manifest.variant.files[0];
      const report = version.validation?.files?.find(f => f.path === modelFile.path);
      step("runtime");
      await loadRuntime(device.webgpu);
      ort.env.wasm.wasmPaths = ortBase;
      ort.env.wasm.numThreads = 1;
      const providers = device.webgpu ? ["webgpu", "wasm"] : ["wasm"];
      const folder = modelFile.path.includes("/") ? modelFile.path.slice(0, modelFile.path.lastIndexOf("/") + 1) : "";
      const externalData = manifest.variant.files.slice(1).filter(f => f.path.startsWith(folder))
        .map(f => ({ path: f.path.slice(folder.length), data: files[f.path] }));
      step("session");
      const session = await ort.InferenceSession.create(files[modelFile.path], { executionProviders: providers, externalData });
      const feeds = makeInputs(report, version.smoke);
      step("run");
      const started = performance.now();
      const results = await session.run(feeds);
      const latency = performance.now() - started;
      $("inference").textContent = `${latency.toFixed(1)} ms on ${providers[0]}`;
      $("inference").dataset.latency = latency.toFixed(3);
      $("outputs").textContent = Object.entries(results)
        .map(([key, tensor]) => {
          const head = Array.from(tensor.data.slice(0, 8), Number).map(x => +x.toFixed(5)).join(", ");
          return `${key} [${tensor.dims.join("×")}] ${tensor.type}: ${head}${tensor.data.length > 8 ? ", …" : ""}`;
        })
        .join("\n");
      root.dataset.state = "done";
    } catch (e) {
      $("error").textContent = String(e?.message ?? e);
      $("error").hidden = false;
      root.dataset.state = "failed";
    }
  }

  $("run").addEventListener("click", run);
  run();
})();
