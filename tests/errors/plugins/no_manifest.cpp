// A test-only shared library that exports a function but no Backprop Lab manifest.
extern "C" __attribute__((visibility("default"))) int bplab_test_not_a_plugin() { return 42; }
