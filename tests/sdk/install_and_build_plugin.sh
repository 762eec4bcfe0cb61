#!/usr/bin/env bash
# Installs Backprop Lab into a temporary prefix, builds examples/mish_activation against the
# installed SDK with find_package(bplab), and runs its grid with the installed runner, loading
# the plugin through --plugins and through BPLAB_PLUGIN_PATH.
#   install_and_build_plugin.sh BUILD_DIR SOURCE_DIR GENERATOR CXX_COMPILER
set -euo pipefail
build_dir=$1
source_dir=$2
generator=$3
compiler=$4

work=$(mktemp -d "${TMPDIR:-/tmp}/bplab-sdk-XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
runner=$prefix/bin/runner

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Runs a command with its output in a log that is shown only when it fails.
quietly() {
  local log=$work/command.log
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    fail "command failed: $*"
  fi
}

echo "== install into $prefix"
quietly cmake --install "$build_dir" --prefix "$prefix"
for file in bin/runner \
            lib/bplab/plugins/activation_tanh.so lib/bplab/plugins/optimizer_adam.so lib/bplab/plugins/dataset_synthetic.so \
            include/bplab/plugin.hpp include/bplab/activation.hpp \
            share/bplab/data/README.md share/bplab/data/SHA256SUMS \
            lib/cmake/bplab/bplabConfig.cmake lib/cmake/bplab/bplabConfigVersion.cmake \
            lib/cmake/bplab/bplabTargets.cmake lib/cmake/bplab/bplab_plugin.cmake; do
  [[ -e $prefix/$file ]] || fail "$file is not installed"
done
(cd "$prefix/share/bplab/data" && sha256sum --quiet --check SHA256SUMS) || fail "the installed data files do not match SHA256SUMS"
# No test-only plugin may reach the installed plugin folder.
[[ ! -e $prefix/lib/bplab/plugins/wrong_derivative.so ]] || fail "a test-only plugin was installed"

echo "== build the mish example against the installed SDK"
cp -r "$source_dir/examples/mish_activation" "$work/mish"
quietly cmake -S "$work/mish" -B "$work/mish/build" -G "$generator" -DCMAKE_CXX_COMPILER="$compiler" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix"
quietly cmake --build "$work/mish/build"
plugin_dir=$work/mish/build
[[ -f $plugin_dir/mish.so ]] || fail "the example did not build mish.so in its build folder"

echo "== runner plugins"
cd "$work"
"$runner" plugins >"$work/plugins.txt"
grep -Eq "^activation +tanh +1\.0\.0 +$prefix/(bin/\.\./)?lib/bplab/plugins/activation_tanh\.so\$" "$work/plugins.txt" \
  || { cat "$work/plugins.txt"; fail "the installed runner does not list the installed tanh"; }
if grep -q mish "$work/plugins.txt"; then fail "mish is listed without --plugins or BPLAB_PLUGIN_PATH"; fi
"$runner" plugins --plugins "$plugin_dir" >"$work/plugins.txt"
grep -Eq "^activation +mish +1\.0\.0 +$plugin_dir/mish\.so\$" "$work/plugins.txt" \
  || { cat "$work/plugins.txt"; fail "runner plugins --plugins DIR does not list mish"; }
BPLAB_PLUGIN_PATH=$plugin_dir "$runner" plugins >"$work/plugins.txt"
grep -Eq "^activation +mish +1\.0\.0 +$plugin_dir/mish\.so\$" "$work/plugins.txt" \
  || { cat "$work/plugins.txt"; fail "runner plugins with BPLAB_PLUGIN_PATH does not list mish"; }

echo "== check-plugin and the example's own test"
quietly "$runner" check-plugin "$plugin_dir/mish.so"
grep -q '^all 5 checks passed$' "$work/command.log" || { cat "$work/command.log"; fail "check-plugin mish.so"; }
quietly ctest --test-dir "$plugin_dir" --output-on-failure

# Checks a results folder of mish_grid: 3 activations × 2 seeds, all ok, 2 of them mish.
check_results() {
  local out=$1 how=$2
  [[ -f $out/summary.json ]] || fail "$how: no summary.json"
  local trials
  trials=$(find "$out/trials" -name '*.json' | wc -l)
  [[ $trials -eq 6 ]] || fail "$how: $trials trial files, expected 6"
  local ok
  ok=$(grep -l '"status":"ok"' "$out"/trials/*.json | wc -l)
  [[ $ok -eq 6 ]] || fail "$how: $ok trials with status ok, expected 6"
  local mish
  mish=$(grep -l '"activation":{"name":"mish","version":"1.0.0"}' "$out"/trials/*.json | wc -l)
  [[ $mish -eq 2 ]] || fail "$how: $mish trials of mish, expected 2"
  grep -q '"ok": 6,' "$out/summary.json" || fail "$how: the summary does not count 6 ok trials"
}

echo "== grid with --plugins DIR"
quietly "$runner" mish/mish_grid.yaml --plugins "$plugin_dir" -o "$work/out_option" -j 2
check_results "$work/out_option" "--plugins DIR"

echo "== grid with BPLAB_PLUGIN_PATH"
BPLAB_PLUGIN_PATH=$plugin_dir quietly "$runner" mish/mish_grid.yaml -o "$work/out_env" -j 2
check_results "$work/out_env" "BPLAB_PLUGIN_PATH"

echo "== grid without the plugin folder"
status=0
"$runner" mish/mish_grid.yaml -o "$work/out_none" -q 2>"$work/error.txt" || status=$?
[[ $status -eq 2 ]] || fail "without the plugin folder the runner exited with $status, expected 2"
grep -q "no activation plugin named 'mish'" "$work/error.txt" || { cat "$work/error.txt"; fail "the error does not name mish"; }

echo "== the complete plugins in docs/writing-plugins.md build and pass check-plugin"
# Every cpp block of the guide that exports a plugin and elides nothing is a whole file.
docs=$work/docs
mkdir -p "$docs"
awk -v dir="$docs" '
  /^```cpp$/ { inside = 1; text = ""; next }
  /^```$/ && inside {
    inside = 0
    if (text ~ /BPLAB_(ACTIVATION|OPTIMIZER|DATASET)\(/ && text !~ /\n *\.\.\.\n/)
      printf "%s", text > (dir "/plugin_" ++count ".cpp")
    next
  }
  inside { text = text $0 "\n" }
' "$source_dir/docs/writing-plugins.md"
{
  echo 'cmake_minimum_required(VERSION 3.25)'
  echo 'project(guide_plugins LANGUAGES CXX)'
  echo 'find_package(bplab REQUIRED)'
  for file in "$docs"/plugin_*.cpp; do
    echo "bplab_add_plugin($(basename "$file" .cpp) $(basename "$file"))"
  done
} >"$docs/CMakeLists.txt"
guide_plugins=$(ls "$docs"/plugin_*.cpp | wc -l)
[[ $guide_plugins -eq 3 ]] || fail "found $guide_plugins complete plugins in docs/writing-plugins.md, expected 3 (mish, signum, blobs)"
quietly cmake -S "$docs" -B "$docs/build" -G "$generator" -DCMAKE_CXX_COMPILER="$compiler" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix"
quietly cmake --build "$docs/build"
for library in "$docs"/build/plugin_*.so; do
  quietly "$runner" check-plugin "$library"
  grep -q '^all [0-9]* checks passed$' "$work/command.log" || { cat "$work/command.log"; fail "check-plugin $library"; }
done

echo "== the installed runner reads data from <prefix>/share/bplab"
# A truncated banknote file in the install must be the one read, not the source tree's.
original=$source_dir/data/data_banknote_authentication.txt
{ head -n 50 "$original"; tail -n 50 "$original"; } >"$prefix/share/bplab/data/data_banknote_authentication.txt"
status=0
"$runner" check-plugin "$prefix/lib/bplab/plugins/dataset_banknote.so" >"$work/check.txt" || status=$?
[[ $status -eq 1 ]] || { cat "$work/check.txt"; fail "check-plugin on a truncated installed banknote file exited with $status, expected 1"; }
grep -Eq "$prefix/(bin/\.\./)?share/bplab/data/data_banknote_authentication\.txt: expected 1372 rows of banknote data, found 100" "$work/check.txt" \
  || { cat "$work/check.txt"; fail "the installed runner did not read the installed data file"; }

echo "sdk install test passed"
