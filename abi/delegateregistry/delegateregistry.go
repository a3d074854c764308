// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package delegateregistry

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

// TestDelegateRegistryDelegation is an auto generated low-level Go binding around an user-defined struct.
type TestDelegateRegistryDelegation struct {
	Type     uint8
	To       common.Address
	From     common.Address
	Rights   [32]byte
	Contract common.Address
	TokenId  *big.Int
	Amount   *big.Int
}

// TestDelegateRegistryMetaData contains all meta data concerning the TestDelegateRegistry contract.
var TestDelegateRegistryMetaData = bind.MetaData{
	ABI: "[{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"enable\",\"type\":\"bool\"}],\"name\":\"DelegateAll\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"enable\",\"type\":\"bool\"}],\"name\":\"DelegateContract\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"internalType\":\"bool\",\"name\":\"enable\",\"type\":\"bool\"}],\"name\":\"delegateAll\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"delegationHash\",\"type\":\"bytes32\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"internalType\":\"bool\",\"name\":\"enable\",\"type\":\"bool\"}],\"name\":\"delegateContract\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"delegationHash\",\"type\":\"bytes32\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"}],\"name\":\"getIncomingDelegations\",\"outputs\":[{\"components\":[{\"internalType\":\"enumTestDelegateRegistry.DelegationType\",\"name\":\"type_\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"internalType\":\"structTestDelegateRegistry.Delegation[]\",\"name\":\"delegations\",\"type\":\"tuple[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "TestDelegateRegistry",
	Bin: "0x6080604052348015600e575f5ffd5b506109b38061001c5f395ff3fe608060405260043610610033575f3560e01c806330ff31401461003757806342f87c251461005d578063d90e73ab14610089575b5f5ffd5b61004a610045366004610751565b61009c565b6040519081526020015b60405180910390f35b348015610068575f5ffd5b5061007c61007736600461078a565b610148565b60405161005491906107de565b61004a610097366004610879565b610357565b5f6100f76040518060e00160405280600160058111156100be576100be6107aa565b81526001600160a01b0387166020820152336040820152606081018690525f6080820181905260a0820181905260c09091015283610418565b6040805185815284151560208201529192506001600160a01b0386169133917fda3ef6410e30373a9137f83f9781a8129962b6882532b7c229de2e39de423227910160405180910390a39392505050565b60605f5f5b5f548110156101ab57836001600160a01b03165f8281548110610172576101726108c3565b5f91825260209091206006909102015461010090046001600160a01b0316036101a3578161019f816108eb565b9250505b60010161014d565b508067ffffffffffffffff8111156101c5576101c5610903565b60405190808252806020026020018201604052801561022a57816020015b6040805160e0810182525f8082526020808301829052928201819052606082018190526080820181905260a0820181905260c082015282525f199092019101816101e35790505b5091505f90505f5b5f5481101561035057836001600160a01b03165f8281548110610257576102576108c3565b5f91825260209091206006909102015461010090046001600160a01b031603610348575f818154811061028c5761028c6108c3565b5f91825260209091206040805160e081019091526006909202018054829060ff1660058111156102be576102be6107aa565b60058111156102cf576102cf6107aa565b815281546001600160a01b0361010090910481166020830152600183015481166040830152600283015460608301526003830154166080820152600482015460a082015260059091015460c090910152838361032a816108eb565b94508151811061033c5761033c6108c3565b60200260200101819052505b600101610232565b5050919050565b5f6103c16040518060e0016040528060026005811115610379576103796107aa565b8152602001876001600160a01b03168152602001336001600160a01b03168152602001858152602001866001600160a01b031681526020015f81526020015f81525083610418565b6040805185815284151560208201529192506001600160a01b03808716929088169133917f021be15e24de4afc43cfb5d0ba95ca38e0783571e05c12bbe6aece8842ae82df910160405180910390a4949350505050565b81516020808401516040808601516060870151608088015192515f96610442969095949101610917565b6040516020818303038152906040528051906020012090505f5b5f54811015610647575f5f8281548110610478576104786108c3565b5f918252602091829020600690910201805460018201546002830154600384015460405194965088956104c79560ff8616956001600160a01b0361010090910481169581169493169101610917565b604051602081830303815290604052805190602001200361063e5783610637575f80546104f690600190610956565b81548110610506576105066108c3565b905f5260205f2090600602015f8381548110610524576105246108c3565b5f918252602090912082546006909202018054909160ff1690829060ff19166001836005811115610557576105576107aa565b021790555081548154610100600160a81b031916610100918290046001600160a01b0390811690920217825560018084015490830180549183166001600160a01b0319928316179055600280850154908401556003808501549084018054919093169116179055600480830154908201556005918201549101555f8054806105e1576105e1610969565b5f8281526020812060065f199093019283020180546001600160a81b03191681556001810180546001600160a01b0319908116909155600282018390556003820180549091169055600481018290556005015590555b5050610721565b5060010161045c565b508115610721575f805460018181018355918052845160069091027f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e5630180548693919291839160ff1916908360058111156106a4576106a46107aa565b0217905550602082015181546001600160a01b0391821661010002610100600160a81b031990911617825560408301516001830180549183166001600160a01b031992831617905560608401516002840155608084015160038401805491909316911617905560a0820151600482015560c0909101516005909101555b92915050565b80356001600160a01b038116811461073d575f5ffd5b919050565b8035801515811461073d575f5ffd5b5f5f5f60608486031215610763575f5ffd5b61076c84610727565b92506020840135915061078160408501610742565b90509250925092565b5f6020828403121561079a575f5ffd5b6107a382610727565b9392505050565b634e487b7160e01b5f52602160045260245ffd5b600681106107da57634e487b7160e01b5f52602160045260245ffd5b9052565b602080825282518282018190525f918401906040840190835b8181101561086e57835161080c8482516107be565b6020818101516001600160a01b0390811686830152604080840151821690870152606080840151908701526080808401519091169086015260a0828101519086015260c09182015191850191909152939093019260e0909201916001016107f7565b509095945050505050565b5f5f5f5f6080858703121561088c575f5ffd5b61089585610727565b93506108a360208601610727565b9250604085013591506108b860608601610742565b905092959194509250565b634e487b7160e01b5f52603260045260245ffd5b634e487b7160e01b5f52601160045260245ffd5b5f600182016108fc576108fc6108d7565b5060010190565b634e487b7160e01b5f52604160045260245ffd5b60a0810161092582886107be565b6001600160a01b03958616602083015293851660408201526060810192909252909216608090920191909152919050565b81810381811115610721576107216108d7565b634e487b7160e01b5f52603160045260245ffdfea26469706673582212204188ccd776783bfeccc68f38a73d65a4f1532f52c7c89d4f4648b6b5713c587764736f6c63430008250033",
}

// TestDelegateRegistry is an auto generated Go binding around an Ethereum contract.
type TestDelegateRegistry struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *TestDelegateRegistry) GetABI() abi.ABI {
	return c.abi
}

// NewTestDelegateRegistry creates a new instance of TestDelegateRegistry.
func NewTestDelegateRegistry() *TestDelegateRegistry {
	parsed, err := TestDelegateRegistryMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &TestDelegateRegistry{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *TestDelegateRegistry) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackDelegateAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x30ff3140.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function delegateAll(address to, bytes32 rights, bool enable) payable returns(bytes32 delegationHash)
func (testDelegateRegistry *TestDelegateRegistry) PackDelegateAll(to common.Address, rights [32]byte, enable bool) []byte {
	enc, err := testDelegateRegistry.abi.Pack("delegateAll", to, rights, enable)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDelegateAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x30ff3140.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function delegateAll(address to, bytes32 rights, bool enable) payable returns(bytes32 delegationHash)
func (testDelegateRegistry *TestDelegateRegistry) TryPackDelegateAll(to common.Address, rights [32]byte, enable bool) ([]byte, error) {
	return testDelegateRegistry.abi.Pack("delegateAll", to, rights, enable)
}

// UnpackDelegateAll is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x30ff3140.
//
// Solidity: function delegateAll(address to, bytes32 rights, bool enable) payable returns(bytes32 delegationHash)
func (testDelegateRegistry *TestDelegateRegistry) UnpackDelegateAll(data []byte) ([32]byte, error) {
	out, err := testDelegateRegistry.abi.Unpack("delegateAll", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackDelegateContract is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd90e73ab.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function delegateContract(address to, address contract_, bytes32 rights, bool enable) payable returns(bytes32 delegationHash)
func (testDelegateRegistry *TestDelegateRegistry) PackDelegateContract(to common.Address, contract common.Address, rights [32]byte, enable bool) []byte {
	enc, err := testDelegateRegistry.abi.Pack("delegateContract", to, contract, rights, enable)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDelegateContract is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd90e73ab.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function delegateContract(address to, address contract_, bytes32 rights, bool enable) payable returns(bytes32 delegationHash)
func (testDelegateRegistry *TestDelegateRegistry) TryPackDelegateContract(to common.Address, contract common.Address, rights [32]byte, enable bool) ([]byte, error) {
	return testDelegateRegistry.abi.Pack("delegateContract", to, contract, rights, enable)
}

// UnpackDelegateContract is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd90e73ab.
//
// Solidity: function delegateContract(address to, address contract_, bytes32 rights, bool enable) payable returns(bytes32 delegationHash)
func (testDelegateRegistry *TestDelegateRegistry) UnpackDelegateContract(data []byte) ([32]byte, error) {
	out, err := testDelegateRegistry.abi.Unpack("delegateContract", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackGetIncomingDelegations is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42f87c25.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getIncomingDelegations(address to) view returns((uint8,address,address,bytes32,address,uint256,uint256)[] delegations)
func (testDelegateRegistry *TestDelegateRegistry) PackGetIncomingDelegations(to common.Address) []byte {
	enc, err := testDelegateRegistry.abi.Pack("getIncomingDelegations", to)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetIncomingDelegations is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42f87c25.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getIncomingDelegations(address to) view returns((uint8,address,address,bytes32,address,uint256,uint256)[] delegations)
func (testDelegateRegistry *TestDelegateRegistry) TryPackGetIncomingDelegations(to common.Address) ([]byte, error) {
	return testDelegateRegistry.abi.Pack("getIncomingDelegations", to)
}

// UnpackGetIncomingDelegations is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x42f87c25.
//
// Solidity: function getIncomingDelegations(address to) view returns((uint8,address,address,bytes32,address,uint256,uint256)[] delegations)
func (testDelegateRegistry *TestDelegateRegistry) UnpackGetIncomingDelegations(data []byte) ([]TestDelegateRegistryDelegation, error) {
	out, err := testDelegateRegistry.abi.Unpack("getIncomingDelegations", data)
	if err != nil {
		return *new([]TestDelegateRegistryDelegation), err
	}
	out0 := *abi.ConvertType(out[0], new([]TestDelegateRegistryDelegation)).(*[]TestDelegateRegistryDelegation)
	return out0, nil
}

// TestDelegateRegistryDelegateAll represents a DelegateAll event raised by the TestDelegateRegistry contract.
type TestDelegateRegistryDelegateAll struct {
	From   common.Address
	To     common.Address
	Rights [32]byte
	Enable bool
	Raw    *types.Log // Blockchain specific contextual infos
}

const TestDelegateRegistryDelegateAllEventName = "DelegateAll"

// ContractEventName returns the user-defined event name.
func (TestDelegateRegistryDelegateAll) ContractEventName() string {
	return TestDelegateRegistryDelegateAllEventName
}

// UnpackDelegateAllEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event DelegateAll(address indexed from, address indexed to, bytes32 rights, bool enable)
func (testDelegateRegistry *TestDelegateRegistry) UnpackDelegateAllEvent(log *types.Log) (*TestDelegateRegistryDelegateAll, error) {
	event := "DelegateAll"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != testDelegateRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(TestDelegateRegistryDelegateAll)
	if len(log.Data) > 0 {
		if err := testDelegateRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range testDelegateRegistry.abi.Events[event].Inputs {
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

// TestDelegateRegistryDelegateContract represents a DelegateContract event raised by the TestDelegateRegistry contract.
type TestDelegateRegistryDelegateContract struct {
	From     common.Address
	To       common.Address
	Contract common.Address
	Rights   [32]byte
	Enable   bool
	Raw      *types.Log // Blockchain specific contextual infos
}

const TestDelegateRegistryDelegateContractEventName = "DelegateContract"

// ContractEventName returns the user-defined event name.
func (TestDelegateRegistryDelegateContract) ContractEventName() string {
	return TestDelegateRegistryDelegateContractEventName
}

// UnpackDelegateContractEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event DelegateContract(address indexed from, address indexed to, address indexed contract_, bytes32 rights, bool enable)
func (testDelegateRegistry *TestDelegateRegistry) UnpackDelegateContractEvent(log *types.Log) (*TestDelegateRegistryDelegateContract, error) {
	event := "DelegateContract"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != testDelegateRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(TestDelegateRegistryDelegateContract)
	if len(log.Data) > 0 {
		if err := testDelegateRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range testDelegateRegistry.abi.Events[event].Inputs {
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
