// Kernels for training on the CPU. Convolutions — forward, gradient w.r.t. the input and gradient
// w.r.t. the filter — computed by oneDNN (Debian's libdnnl) on NHWC float32 buffers in tfjs's
// layout (filter [fh, fw, Cin, Cout]); batch normalisation in training mode, forward and backward,
// in plain loops (a few passes over memory instead of the dozen tfjs's composed ops make). The buffers are views of the tfjs wasm heap, so nothing
// is copied on the way in or out; oneDNN's own blocked layouts are reached by reorders.
#include <node_api.h>
#include <omp.h>

#include <dnnl.hpp>
#include <cmath>
#include <initializer_list>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

enum Kind { kForward = 0, kBackwardData = 1, kBackwardFilter = 2 };

// n, h, w, cin, cout, fh, fw, strideH, strideW, padTop, padLeft, padBottom, padRight,
// dilationH, dilationW, outH, outW, hasBias, relu
constexpr int kParams = 19;

struct Operand {
  memory::desc user;
  memory::desc inner;
  memory buffer;  // oneDNN's layout, when it differs from ours
  bool reorder = false;
};

struct Plan {
  dnnl::primitive op;
  Operand a, b, out;
  bool hasBias = false;
  memory::desc biasDesc;
};

struct ThreadState {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  std::unordered_map<std::string, std::unique_ptr<Plan>> plans;
};

ThreadState& state() {
  thread_local ThreadState s;
  return s;
}

Operand operand(const memory::desc& user, const memory::desc& inner, const dnnl::engine& engine) {
  Operand o;
  o.user = user;
  o.inner = inner;
  o.reorder = inner != user;
  if (o.reorder) o.buffer = memory(inner, engine);
  return o;
}

std::unique_ptr<Plan> makePlan(int kind, const int* p, const dnnl::engine& engine) {
  const memory::dim n = p[0], h = p[1], w = p[2], ci = p[3], co = p[4], fh = p[5], fw = p[6];
  const memory::dims strides{p[7], p[8]}, padL{p[9], p[10]}, padR{p[11], p[12]};
  const memory::dims dilates{p[13] - 1, p[14] - 1};  // oneDNN counts dilation from 0
  const memory::dim oh = p[15], ow = p[16];
  const bool hasBias = p[17] != 0, relu = p[18] != 0;
  const memory::desc x({n, ci, h, w}, dt::f32, tag::nhwc);
  const memory::desc y({n, co, oh, ow}, dt::f32, tag::nhwc);
  const memory::desc f({co, ci, fh, fw}, dt::f32, tag::hwio);
  const memory::desc xAny({n, ci, h, w}, dt::f32, tag::any);
  const memory::desc yAny({n, co, oh, ow}, dt::f32, tag::any);
  const memory::desc fAny({co, ci, fh, fw}, dt::f32, tag::any);
  const memory::desc bias({co}, dt::f32, tag::x);
  const auto algo = dnnl::algorithm::convolution_direct;

  dnnl::primitive_attr attr;
  if (relu) {
    dnnl::post_ops ops;
    ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
    attr.set_post_ops(ops);
  }
  const auto forwardDesc = hasBias
      ? dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, algo, xAny, fAny, bias, yAny, strides, dilates, padL, padR)
      : dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, algo, xAny, fAny, yAny, strides, dilates, padL, padR);
  const dnnl::convolution_forward::primitive_desc forward(forwardDesc, attr, engine);

  auto plan = std::make_unique<Plan>();
  if (kind == kForward) {
    plan->op = dnnl::convolution_forward(forward);
    plan->a = operand(x, forward.src_desc(), engine);
    plan->b = operand(f, forward.weights_desc(), engine);
    plan->out = operand(y, forward.dst_desc(), engine);
    plan->hasBias = hasBias;
    plan->biasDesc = bias;
  } else if (kind == kBackwardData) {
    const dnnl::convolution_backward_data::primitive_desc pd(
        dnnl::convolution_backward_data::desc(algo, xAny, fAny, yAny, strides, dilates, padL, padR), engine, forward);
    plan->op = dnnl::convolution_backward_data(pd);
    plan->a = operand(y, pd.diff_dst_desc(), engine);
    plan->b = operand(f, pd.weights_desc(), engine);
    plan->out = operand(x, pd.diff_src_desc(), engine);
  } else {
    const dnnl::convolution_backward_weights::primitive_desc pd(
        dnnl::convolution_backward_weights::desc(algo, xAny, fAny, yAny, strides, dilates, padL, padR), engine, forward);
    plan->op = dnnl::convolution_backward_weights(pd);
    plan->a = operand(x, pd.src_desc(), engine);
    plan->b = operand(y, pd.diff_dst_desc(), engine);
    plan->out = operand(f, pd.diff_weights_desc(), engine);
  }
  return plan;
}

// The primitive's view of one operand: ours as is, or reordered into its buffer.
memory bind(Operand& o, void* data, ThreadState& s, bool input) {
  memory user(o.user, s.engine, data);
  if (!o.reorder) return user;
  if (input) dnnl::reorder(user, o.buffer).execute(s.stream, user, o.buffer);
  return o.buffer;
}

void run(int kind, const int* p, void* a, void* b, void* bias, void* out) {
  omp_set_num_threads(1);  // one training thread per core: no nested thread pools
  ThreadState& s = state();
  const std::string key = std::to_string(kind) + ":" + std::string(reinterpret_cast<const char*>(p), kParams * sizeof(int));
  auto& slot = s.plans[key];
  if (!slot) slot = makePlan(kind, p, s.engine);
  Plan& plan = *slot;
  memory ma = bind(plan.a, a, s, true);
  memory mb = bind(plan.b, b, s, true);
  memory mo = bind(plan.out, out, s, false);
  std::unordered_map<int, memory> args;
  if (kind == kForward) {
    args = {{DNNL_ARG_SRC, ma}, {DNNL_ARG_WEIGHTS, mb}, {DNNL_ARG_DST, mo}};
    if (plan.hasBias) args[DNNL_ARG_BIAS] = memory(plan.biasDesc, s.engine, bias);
  } else if (kind == kBackwardData) {
    args = {{DNNL_ARG_DIFF_DST, ma}, {DNNL_ARG_WEIGHTS, mb}, {DNNL_ARG_DIFF_SRC, mo}};
  } else {
    args = {{DNNL_ARG_SRC, ma}, {DNNL_ARG_DIFF_DST, mb}, {DNNL_ARG_DIFF_WEIGHTS, mo}};
  }
  plan.op.execute(s.stream, args);
  if (plan.out.reorder) {
    memory user(plan.out.user, s.engine, out);
    dnnl::reorder(mo, user).execute(s.stream, mo, user);
  }
  s.stream.wait();
}

// Batch normalisation in training mode over rows × channels (NHWC flattened): batch mean and
// biased variance per channel (two passes, in double), y = γ·(x − μ)/√(σ² + ε) + β.
void batchNormForward(const float* x, const float* gamma, const float* beta, int rows, int channels, float epsilon,
                      float* y, float* mean, float* variance) {
  std::vector<double> sum(channels, 0.0), squares(channels, 0.0);
  for (int r = 0; r < rows; r++) {
    const float* row = x + static_cast<size_t>(r) * channels;
    for (int c = 0; c < channels; c++) sum[c] += row[c];
  }
  std::vector<float> mu(channels), scale(channels), shift(channels);
  for (int c = 0; c < channels; c++) mu[c] = static_cast<float>(sum[c] / rows);
  for (int r = 0; r < rows; r++) {
    const float* row = x + static_cast<size_t>(r) * channels;
    for (int c = 0; c < channels; c++) {
      const double d = row[c] - mu[c];
      squares[c] += d * d;
    }
  }
  for (int c = 0; c < channels; c++) {
    mean[c] = mu[c];
    variance[c] = static_cast<float>(squares[c] / rows);
    scale[c] = gamma[c] / std::sqrt(variance[c] + epsilon);
    shift[c] = beta[c] - mu[c] * scale[c];
  }
  for (int r = 0; r < rows; r++) {
    const float* in = x + static_cast<size_t>(r) * channels;
    float* out = y + static_cast<size_t>(r) * channels;
    for (int c = 0; c < channels; c++) out[c] = in[c] * scale[c] + shift[c];
  }
}

// Its gradient through the batch statistics: with x̂ = (x − μ)·s, s = 1/√(σ² + ε), M = rows,
// dβ = Σ dy, dγ = Σ dy·x̂, dx = γ·s·(dy − dβ/M − x̂·dγ/M).
void batchNormBackward(const float* dy, const float* x, const float* gamma, const float* mean, const float* variance, int rows,
                       int channels, float epsilon, float* dx, float* dgamma, float* dbeta) {
  std::vector<double> sumDy(channels, 0.0), sumDyXhat(channels, 0.0);
  std::vector<float> s(channels);
  for (int c = 0; c < channels; c++) s[c] = 1.0f / std::sqrt(variance[c] + epsilon);
  for (int r = 0; r < rows; r++) {
    const float* g = dy + static_cast<size_t>(r) * channels;
    const float* in = x + static_cast<size_t>(r) * channels;
    for (int c = 0; c < channels; c++) {
      sumDy[c] += g[c];
      sumDyXhat[c] += g[c] * (in[c] - mean[c]) * s[c];
    }
  }
  std::vector<float> a(channels), b(channels), k(channels);
  for (int c = 0; c < channels; c++) {
    dbeta[c] = static_cast<float>(sumDy[c]);
    dgamma[c] = static_cast<float>(sumDyXhat[c]);
    k[c] = gamma[c] * s[c];
    a[c] = static_cast<float>(sumDy[c] / rows);
    b[c] = static_cast<float>(sumDyXhat[c] / rows) * s[c];
  }
  for (int r = 0; r < rows; r++) {
    const float* g = dy + static_cast<size_t>(r) * channels;
    const float* in = x + static_cast<size_t>(r) * channels;
    float* out = dx + static_cast<size_t>(r) * channels;
    for (int c = 0; c < channels; c++) out[c] = k[c] * (g[c] - a[c] - (in[c] - mean[c]) * b[c]);
  }
}

// Throws a JS error and returns nullptr; napi calls below return early on failure.
napi_value fail(napi_env env, const char* message) {
  napi_throw_error(env, nullptr, message);
  return nullptr;
}

void* typedArrayData(napi_env env, napi_value value, size_t* length) {
  bool isTyped = false;
  if (napi_is_typedarray(env, value, &isTyped) != napi_ok || !isTyped) return nullptr;
  napi_typedarray_type type;
  void* data = nullptr;
  napi_value buffer;
  size_t offset = 0;
  if (napi_get_typedarray_info(env, value, &type, length, &data, &buffer, &offset) != napi_ok) return nullptr;
  return data;
}

// conv(kind, params: Int32Array(19), a: Float32Array, b: Float32Array, bias: Float32Array | null, out: Float32Array)
napi_value Conv(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 6) return fail(env, "conv: 6 arguments");
  int32_t kind = -1;
  if (napi_get_value_int32(env, argv[0], &kind) != napi_ok || kind < 0 || kind > 2) return fail(env, "conv: kind 0, 1 or 2");
  size_t n = 0;
  const int* params = static_cast<const int*>(typedArrayData(env, argv[1], &n));
  if (!params || n != kParams) return fail(env, "conv: params must be an Int32Array of 19");
  void* a = typedArrayData(env, argv[2], &n);
  void* b = typedArrayData(env, argv[3], &n);
  void* out = typedArrayData(env, argv[5], &n);
  napi_valuetype biasType;
  napi_typeof(env, argv[4], &biasType);
  void* bias = biasType == napi_null ? nullptr : typedArrayData(env, argv[4], &n);
  if (!a || !b || !out || (params[17] && !bias)) return fail(env, "conv: operands must be Float32Arrays");
  try {
    run(kind, params, a, b, bias, out);
  } catch (const dnnl::error& e) {
    return fail(env, e.what());
  }
  return nullptr;
}

double numberArg(napi_env env, napi_value value) {
  double v = NAN;
  napi_get_value_double(env, value, &v);
  return v;
}

// The Float32Array arguments at `indices`, in order; false if one is not a typed array.
bool floatArrays(napi_env env, const napi_value* argv, std::initializer_list<int> indices, std::vector<float*>& data,
                 std::vector<size_t>& lengths) {
  for (int i : indices) {
    size_t length = 0;
    void* p = typedArrayData(env, argv[i], &length);
    if (!p) return false;
    data.push_back(static_cast<float*>(p));
    lengths.push_back(length);
  }
  return true;
}

// Batch-norm arguments: `count` in all, the two numbers (channels, epsilon) at `numbersAt`, the
// rest Float32Arrays whose first is the activation and whose third holds one value per channel.
struct BatchNormArgs {
  std::vector<float*> arrays;
  int rows = 0, channels = 0;
  float epsilon = 0;
};

bool batchNormArgs(napi_env env, napi_callback_info info, size_t count, int numbersAt, BatchNormArgs& out) {
  napi_value argv[10];
  size_t argc = 10;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != count) return false;
  std::initializer_list<int> forward{0, 1, 2, 5, 6, 7}, backward{0, 1, 2, 3, 4, 7, 8, 9};
  std::vector<size_t> lengths;
  if (!floatArrays(env, argv, count == 8 ? forward : backward, out.arrays, lengths)) return false;
  out.channels = static_cast<int>(numberArg(env, argv[numbersAt]));
  out.epsilon = static_cast<float>(numberArg(env, argv[numbersAt + 1]));
  if (out.channels <= 0 || lengths[0] % out.channels != 0 || lengths[2] != static_cast<size_t>(out.channels)) return false;
  out.rows = static_cast<int>(lengths[0] / out.channels);
  return true;
}

// batchNormForward(x, gamma, beta, channels, epsilon, y, mean, variance)
napi_value BatchNormForward(napi_env env, napi_callback_info info) {
  BatchNormArgs a;
  if (!batchNormArgs(env, info, 8, 3, a)) return fail(env, "batchNormForward(x, gamma, beta, channels, epsilon, y, mean, variance): bad arguments");
  const auto& p = a.arrays;
  batchNormForward(p[0], p[1], p[2], a.rows, a.channels, a.epsilon, p[3], p[4], p[5]);
  return nullptr;
}

// batchNormBackward(dy, x, gamma, mean, variance, channels, epsilon, dx, dgamma, dbeta)
napi_value BatchNormBackward(napi_env env, napi_callback_info info) {
  BatchNormArgs a;
  if (!batchNormArgs(env, info, 10, 5, a)) {
    return fail(env, "batchNormBackward(dy, x, gamma, mean, variance, channels, epsilon, dx, dgamma, dbeta): bad arguments");
  }
  const auto& p = a.arrays;
  batchNormBackward(p[0], p[1], p[2], p[3], p[4], a.rows, a.channels, a.epsilon, p[5], p[6], p[7]);
  return nullptr;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "conv", NAPI_AUTO_LENGTH, Conv, nullptr, &fn);
  napi_set_named_property(env, exports, "conv", fn);
  napi_create_function(env, "batchNormForward", NAPI_AUTO_LENGTH, BatchNormForward, nullptr, &fn);
  napi_set_named_property(env, exports, "batchNormForward", fn);
  napi_create_function(env, "batchNormBackward", NAPI_AUTO_LENGTH, BatchNormBackward, nullptr, &fn);
  napi_set_named_property(env, exports, "batchNormBackward", fn);
  return exports;
}

}  // namespace

NAPI_MODULE_INIT() { return Init(env, exports); }
