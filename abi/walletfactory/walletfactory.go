// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package walletfactory

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// SmartWalletFactoryMetaData contains all meta data concerning the SmartWalletFactory contract.
var SmartWalletFactoryMetaData = bind.MetaData{
	ABI: "[{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address\",\"name\":\"wallet\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"Deployed\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"salt\",\"type\":\"bytes32\"}],\"name\":\"deploy\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"wallet\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"salt\",\"type\":\"bytes32\"}],\"name\":\"predict\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "SmartWalletFactory",
	Bin: "0x6080604052348015600e575f5ffd5b506106528061001c5f395ff3fe608060405234801561000f575f5ffd5b5060043610610034575f3560e01c806332c02a141461003857806364fb6f5e14610067575b5f5ffd5b61004b6100463660046101f1565b61007a565b6040516001600160a01b03909116815260200160405180910390f35b61004b6100753660046101f1565b610121565b5f6100858383610121565b9050806001600160a01b03163b5f0361011b5781836040516100a6906101e4565b6001600160a01b0390911681526020018190604051809103905ff59050801580156100d3573d5f5f3e3d5ffd5b50604080516001600160a01b038084168252861660208201529192507f09e48df7857bd0c1e0d31bb8a85d42cf1874817895f171c917f6ee2cea73ec20910160405180910390a15b92915050565b5f5f60405180602001610133906101e4565b601f1982820381018352601f9091011660408181526001600160a01b03871660208301520160408051601f1981840301815290829052610176929160200161023d565b60408051601f1981840301815282825280516020918201206001600160f81b0319828501523060601b6bffffffffffffffffffffffff191660218501526035840196909652605580840196909652815180840390960186526075909201905283519301929092209392505050565b6103c38061025a83390190565b5f5f60408385031215610202575f5ffd5b82356001600160a01b0381168114610218575f5ffd5b946020939093013593505050565b5f81518060208401855e5f93019283525090919050565b5f61025161024b8386610226565b84610226565b94935050505056fe60a0604052348015600e575f5ffd5b506040516103c33803806103c3833981016040819052602b91603b565b6001600160a01b03166080526066565b5f60208284031215604a575f5ffd5b81516001600160a01b0381168114605f575f5ffd5b9392505050565b60805161033f6100845f395f8181606e015261010d015261033f5ff3fe608060405234801561000f575f5ffd5b5060043610610034575f3560e01c80631626ba7e146100385780638da5cb5b14610069575b5f5ffd5b61004b61004636600461027e565b6100a8565b6040516001600160e01b031990911681526020015b60405180910390f35b6100907f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610060565b5f5f5f6100ea8686868080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525061016d92505050565b5090925090505f816003811115610103576101036102f5565b14801561014157507f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316826001600160a01b0316145b156101585750630b135d3f60e11b91506101669050565b506001600160e01b03199150505b9392505050565b5f5f5f83516041036101a4576020840151604085015160608601515f1a610196888285856101b6565b9550955095505050506101af565b505081515f91506002905b9250925092565b5f80807f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a08411156101ef57505f91506003905082610274565b604080515f808252602082018084528a905260ff891692820192909252606081018790526080810186905260019060a0016020604051602081039080840390855afa158015610240573d5f5f3e3d5ffd5b5050604051601f1901519150506001600160a01b03811661026b57505f925060019150829050610274565b92505f91508190505b9450945094915050565b5f5f5f60408486031215610290575f5ffd5b83359250602084013567ffffffffffffffff8111156102ad575f5ffd5b8401601f810186136102bd575f5ffd5b803567ffffffffffffffff8111156102d3575f5ffd5b8660208284010111156102e4575f5ffd5b939660209190910195509293505050565b634e487b7160e01b5f52602160045260245ffdfea264697066735822122010ed72b072efde72e56d7a36ecb70d6234e7564d4f2bb2f06c4ba8bab73f33d264736f6c63430008250033a264697066735822122060d8c54549aafe531010b818004f6dbf0fe583e703b7ba42e57ec3b34ac5f4e364736f6c63430008250033",
}

// SmartWalletFactory is an auto generated Go binding around an Ethereum contract.
type SmartWalletFactory struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *SmartWalletFactory) GetABI() abi.ABI {
	return c.abi
}

// NewSmartWalletFactory creates a new instance of SmartWalletFactory.
func NewSmartWalletFactory() *SmartWalletFactory {
	parsed, err := SmartWalletFactoryMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &SmartWalletFactory{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *SmartWalletFactory) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackDeploy is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x32c02a14.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deploy(address owner, bytes32 salt) returns(address wallet)
func (smartWalletFactory *SmartWalletFactory) PackDeploy(owner common.Address, salt [32]byte) []byte {
	enc, err := smartWalletFactory.abi.Pack("deploy", owner, salt)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeploy is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x32c02a14.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deploy(address owner, bytes32 salt) returns(address wallet)
func (smartWalletFactory *SmartWalletFactory) TryPackDeploy(owner common.Address, salt [32]byte) ([]byte, error) {
	return smartWalletFactory.abi.Pack("deploy", owner, salt)
}

// UnpackDeploy is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x32c02a14.
//
// Solidity: function deploy(address owner, bytes32 salt) returns(address wallet)
func (smartWalletFactory *SmartWalletFactory) UnpackDeploy(data []byte) (common.Address, error) {
	out, err := smartWalletFactory.abi.Unpack("deploy", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackPredict is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x64fb6f5e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function predict(address owner, bytes32 salt) view returns(address)
func (smartWalletFactory *SmartWalletFactory) PackPredict(owner common.Address, salt [32]byte) []byte {
	enc, err := smartWalletFactory.abi.Pack("predict", owner, salt)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPredict is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x64fb6f5e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function predict(address owner, bytes32 salt) view returns(address)
func (smartWalletFactory *SmartWalletFactory) TryPackPredict(owner common.Address, salt [32]byte) ([]byte, error) {
	return smartWalletFactory.abi.Pack("predict", owner, salt)
}

// UnpackPredict is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x64fb6f5e.
//
// Solidity: function predict(address owner, bytes32 salt) view returns(address)
func (smartWalletFactory *SmartWalletFactory) UnpackPredict(data []byte) (common.Address, error) {
	out, err := smartWalletFactory.abi.Unpack("predict", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// SmartWalletFactoryDeployed represents a Deployed event raised by the SmartWalletFactory contract.
type SmartWalletFactoryDeployed struct {
	Wallet common.Address
	Owner  common.Address
	Raw    *types.Log // Blockchain specific contextual infos
}

const SmartWalletFactoryDeployedEventName = "Deployed"

// ContractEventName returns the user-defined event name.
func (SmartWalletFactoryDeployed) ContractEventName() string {
	return SmartWalletFactoryDeployedEventName
}

// UnpackDeployedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Deployed(address wallet, address owner)
func (smartWalletFactory *SmartWalletFactory) UnpackDeployedEvent(log *types.Log) (*SmartWalletFactoryDeployed, error) {
	event := "Deployed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != smartWalletFactory.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SmartWalletFactoryDeployed)
	if len(log.Data) > 0 {
		if err := smartWalletFactory.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range smartWalletFactory.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}
