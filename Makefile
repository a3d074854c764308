contracts:
	./contracts/build.sh

.PHONY: contracts
