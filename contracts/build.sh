#!/usr/bin/env bash
# Compiles Beckon's Solidity contracts and regenerates their Go bindings.
#
# Outputs, all meant to be committed:
#   abi/<pkg>/<Contract>.abi  ABI JSON from solcjs
#   abi/<pkg>/<Contract>.bin  creation bytecode (hex) from solcjs
#   abi/<pkg>/<pkg>.go        abigen --v2 binding
#
# Each contract gets its own Go package because contracts inheriting OpenZeppelin's
# EIP-712 (the token and the governor) generate clashing type names in one package.
# The output is deterministic: running the script twice yields identical files, and
# abi/bindings_test.go fails when a binding no longer matches its artifacts.
set -euo pipefail

contracts_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(cd "${contracts_dir}/.." && pwd)"

# Contract and Go package, in deployment order. A contract is named by its file
# (File:pkg, the contract named like the file) or as File.Contract:pkg.
targets=(
	"BeckonPass:pass"
	"BeckonToken:token"
	"StakingVault:vault"
	"BeckonGovernor:governor"
	"MerkleDistributor:distributor"
	"BeckonBadge:badge"
	"SmartWallet:smartwallet"
	"SmartWallet.SmartWalletFactory:walletfactory"
	"ValidateSigOffchain:sigvalidator"
	"TestDelegateRegistry:delegateregistry"
)

cd "${contracts_dir}"

# Install the compiler and OpenZeppelin at the versions pinned in package-lock.json.
if [[ -f package-lock.json ]]; then
	npm ci --no-audit --no-fund --prefer-offline
else
	npm install --no-audit --no-fund --save-exact solc@0.8.37 @openzeppelin/contracts@5.7.0
fi

# solcjs names its outputs after the source path, so compile from this directory with
# relative paths: the paths also end up in the metadata hash embedded in the bytecode.
rm -rf build
compiled=" "
for target in "${targets[@]}"; do
	file="${target%%:*}"
	file="${file%%.*}"
	[[ "${compiled}" == *" ${file} "* ]] && continue
	compiled+="${file} "
	echo "compiling contracts/${file}.sol"
	npx --no-install solcjs --optimize --optimize-runs 200 --bin --abi \
		--include-path node_modules --base-path . -o build "contracts/${file}.sol"
done

cd "${root_dir}"
for target in "${targets[@]}"; do
	spec="${target%%:*}"
	file="${spec%%.*}"
	name="${spec##*.}"
	pkg="${target##*:}"
	out="abi/${pkg}"
	mkdir -p "${out}"
	cp "contracts/build/contracts_${file}_sol_${name}.abi" "${out}/${name}.abi"
	cp "contracts/build/contracts_${file}_sol_${name}.bin" "${out}/${name}.bin"
	echo "binding ${name} into ${out}/${pkg}.go"
	go tool abigen --v2 --abi "${out}/${name}.abi" --bin "${out}/${name}.bin" \
		--pkg "${pkg}" --type "${name}" --out "${out}/${pkg}.go"
	chmod 0644 "${out}/${name}.abi" "${out}/${name}.bin" "${out}/${pkg}.go"
done
