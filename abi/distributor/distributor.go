// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package distributor

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

// MerkleDistributorMetaData contains all meta data concerning the MerkleDistributor contract.
var MerkleDistributorMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"token_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"InvalidProof\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NothingToClaim\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"OwnableInvalidOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"OwnableUnauthorizedAccount\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"}],\"name\":\"Claimed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"epoch\",\"type\":\"uint256\"}],\"name\":\"MerkleRootUpdated\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"previousOwner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"OwnershipTransferred\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"bytes32[]\",\"name\":\"proof\",\"type\":\"bytes32[]\"}],\"name\":\"claim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"claimed\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"epoch\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"merkleRoot\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"renounceOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"}],\"name\":\"setMerkleRoot\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"transferOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "MerkleDistributor",
	Bin: "0x60a060405234801561000f575f5ffd5b5060405161077b38038061077b83398101604081905261002e916100bd565b338061005357604051631e4fbdf760e01b81525f600482015260240160405180910390fd5b61005c8161006e565b506001600160a01b03166080526100ea565b5f80546001600160a01b038381166001600160a01b0319831681178455604051919092169283917f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e09190a35050565b5f602082840312156100cd575f5ffd5b81516001600160a01b03811681146100e3575f5ffd5b9392505050565b6080516106726101095f395f8181610144015261024b01526106725ff3fe608060405234801561000f575f5ffd5b5060043610610090575f3560e01c80638da5cb5b116100635780638da5cb5b146100e0578063900cf0cf14610104578063c884ef831461010d578063f2fde38b1461012c578063fc0c546a1461013f575f5ffd5b80632eb4a7ab146100945780633d13f874146100b0578063715018a6146100c55780637cb64759146100cd575b5f5ffd5b61009d60015481565b6040519081526020015b60405180910390f35b6100c36100be366004610533565b610166565b005b6100c36102bf565b6100c36100db3660046105b9565b6102d2565b5f546001600160a01b03165b6040516001600160a01b0390911681526020016100a7565b61009d60025481565b61009d61011b3660046105d0565b60036020525f908152604090205481565b6100c361013a3660046105d0565b610336565b6100ec7f000000000000000000000000000000000000000000000000000000000000000081565b604080516001600160a01b03861660208201529081018490525f9060600160408051601f19818403018152828252805160209182012090830152016040516020818303038152906040528051906020012090506101c7838360015484610378565b6101e4576040516309bde33960e01b815260040160405180910390fd5b6001600160a01b0385165f9081526003602052604090205480851161021c576040516312d37ee560e31b815260040160405180910390fd5b5f61022782876105fd565b6001600160a01b038089165f908152600360205260409020889055909150610272907f000000000000000000000000000000000000000000000000000000000000000016888361038f565b60408051828152602081018890526001600160a01b038916917f987d620f307ff6b94d58743cb7a7509f24071586a77759b77c2d4e29f75a2f9a910160405180910390a250505050505050565b6102c76103c9565b6102d05f6103f5565b565b6102da6103c9565b806001819055505f60025f81546102f090610610565b9190508190559050817fecb6e184c8c1ff50ab199b30650a76b7eb56fe2f261becc6284e0a3a1707be488260405161032a91815260200190565b60405180910390a25050565b61033e6103c9565b6001600160a01b03811661036c57604051631e4fbdf760e01b81525f60048201526024015b60405180910390fd5b610375816103f5565b50565b5f82610385868685610444565b1495945050505050565b61039c8383836001610485565b6103c457604051635274afe760e01b81526001600160a01b0384166004820152602401610363565b505050565b5f546001600160a01b031633146102d05760405163118cdaa760e01b8152336004820152602401610363565b5f80546001600160a01b038381166001600160a01b0319831681178455604051919092169283917f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e09190a35050565b5f81815b8481101561047c576104728287878481811061046657610466610628565b905060200201356104e7565b9150600101610448565b50949350505050565b60405163a9059cbb60e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f511483166104db5783831516156104cf573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b5f818310610501575f82815260208490526040902061050f565b5f8381526020839052604090205b90505b92915050565b80356001600160a01b038116811461052e575f5ffd5b919050565b5f5f5f5f60608587031215610546575f5ffd5b61054f85610518565b935060208501359250604085013567ffffffffffffffff811115610571575f5ffd5b8501601f81018713610581575f5ffd5b803567ffffffffffffffff811115610597575f5ffd5b8760208260051b84010111156105ab575f5ffd5b949793965060200194505050565b5f602082840312156105c9575f5ffd5b5035919050565b5f602082840312156105e0575f5ffd5b61050f82610518565b634e487b7160e01b5f52601160045260245ffd5b81810381811115610512576105126105e9565b5f60018201610621576106216105e9565b5060010190565b634e487b7160e01b5f52603260045260245ffdfea2646970667358221220573de01ee2ffa7eb490d43b3b1c479ee3c2f873445f968cbb8b694bc57f7fcc564736f6c63430008250033",
}

// MerkleDistributor is an auto generated Go binding around an Ethereum contract.
type MerkleDistributor struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *MerkleDistributor) GetABI() abi.ABI {
	return c.abi
}

// NewMerkleDistributor creates a new instance of MerkleDistributor.
func NewMerkleDistributor() *MerkleDistributor {
	parsed, err := MerkleDistributorMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &MerkleDistributor{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *MerkleDistributor) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address token_) returns()
func (merkleDistributor *MerkleDistributor) PackConstructor(token_ common.Address) []byte {
	enc, err := merkleDistributor.abi.Pack("", token_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3d13f874.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claim(address account, uint256 cumulativeAmount, bytes32[] proof) returns()
func (merkleDistributor *MerkleDistributor) PackClaim(account common.Address, cumulativeAmount *big.Int, proof [][32]byte) []byte {
	enc, err := merkleDistributor.abi.Pack("claim", account, cumulativeAmount, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3d13f874.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claim(address account, uint256 cumulativeAmount, bytes32[] proof) returns()
func (merkleDistributor *MerkleDistributor) TryPackClaim(account common.Address, cumulativeAmount *big.Int, proof [][32]byte) ([]byte, error) {
	return merkleDistributor.abi.Pack("claim", account, cumulativeAmount, proof)
}

// PackClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc884ef83.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claimed(address account) view returns(uint256)
func (merkleDistributor *MerkleDistributor) PackClaimed(account common.Address) []byte {
	enc, err := merkleDistributor.abi.Pack("claimed", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc884ef83.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claimed(address account) view returns(uint256)
func (merkleDistributor *MerkleDistributor) TryPackClaimed(account common.Address) ([]byte, error) {
	return merkleDistributor.abi.Pack("claimed", account)
}

// UnpackClaimed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc884ef83.
//
// Solidity: function claimed(address account) view returns(uint256)
func (merkleDistributor *MerkleDistributor) UnpackClaimed(data []byte) (*big.Int, error) {
	out, err := merkleDistributor.abi.Unpack("claimed", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackEpoch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x900cf0cf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function epoch() view returns(uint256)
func (merkleDistributor *MerkleDistributor) PackEpoch() []byte {
	enc, err := merkleDistributor.abi.Pack("epoch")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEpoch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x900cf0cf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function epoch() view returns(uint256)
func (merkleDistributor *MerkleDistributor) TryPackEpoch() ([]byte, error) {
	return merkleDistributor.abi.Pack("epoch")
}

// UnpackEpoch is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x900cf0cf.
//
// Solidity: function epoch() view returns(uint256)
func (merkleDistributor *MerkleDistributor) UnpackEpoch(data []byte) (*big.Int, error) {
	out, err := merkleDistributor.abi.Unpack("epoch", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMerkleRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2eb4a7ab.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function merkleRoot() view returns(bytes32)
func (merkleDistributor *MerkleDistributor) PackMerkleRoot() []byte {
	enc, err := merkleDistributor.abi.Pack("merkleRoot")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMerkleRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2eb4a7ab.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function merkleRoot() view returns(bytes32)
func (merkleDistributor *MerkleDistributor) TryPackMerkleRoot() ([]byte, error) {
	return merkleDistributor.abi.Pack("merkleRoot")
}

// UnpackMerkleRoot is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2eb4a7ab.
//
// Solidity: function merkleRoot() view returns(bytes32)
func (merkleDistributor *MerkleDistributor) UnpackMerkleRoot(data []byte) ([32]byte, error) {
	out, err := merkleDistributor.abi.Unpack("merkleRoot", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function owner() view returns(address)
func (merkleDistributor *MerkleDistributor) PackOwner() []byte {
	enc, err := merkleDistributor.abi.Pack("owner")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function owner() view returns(address)
func (merkleDistributor *MerkleDistributor) TryPackOwner() ([]byte, error) {
	return merkleDistributor.abi.Pack("owner")
}

// UnpackOwner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (merkleDistributor *MerkleDistributor) UnpackOwner(data []byte) (common.Address, error) {
	out, err := merkleDistributor.abi.Unpack("owner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRenounceOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x715018a6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function renounceOwnership() returns()
func (merkleDistributor *MerkleDistributor) PackRenounceOwnership() []byte {
	enc, err := merkleDistributor.abi.Pack("renounceOwnership")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRenounceOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x715018a6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function renounceOwnership() returns()
func (merkleDistributor *MerkleDistributor) TryPackRenounceOwnership() ([]byte, error) {
	return merkleDistributor.abi.Pack("renounceOwnership")
}

// PackSetMerkleRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7cb64759.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setMerkleRoot(bytes32 root) returns()
func (merkleDistributor *MerkleDistributor) PackSetMerkleRoot(root [32]byte) []byte {
	enc, err := merkleDistributor.abi.Pack("setMerkleRoot", root)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetMerkleRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7cb64759.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setMerkleRoot(bytes32 root) returns()
func (merkleDistributor *MerkleDistributor) TryPackSetMerkleRoot(root [32]byte) ([]byte, error) {
	return merkleDistributor.abi.Pack("setMerkleRoot", root)
}

// PackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function token() view returns(address)
func (merkleDistributor *MerkleDistributor) PackToken() []byte {
	enc, err := merkleDistributor.abi.Pack("token")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function token() view returns(address)
func (merkleDistributor *MerkleDistributor) TryPackToken() ([]byte, error) {
	return merkleDistributor.abi.Pack("token")
}

// UnpackToken is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfc0c546a.
//
// Solidity: function token() view returns(address)
func (merkleDistributor *MerkleDistributor) UnpackToken(data []byte) (common.Address, error) {
	out, err := merkleDistributor.abi.Unpack("token", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackTransferOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2fde38b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (merkleDistributor *MerkleDistributor) PackTransferOwnership(newOwner common.Address) []byte {
	enc, err := merkleDistributor.abi.Pack("transferOwnership", newOwner)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2fde38b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (merkleDistributor *MerkleDistributor) TryPackTransferOwnership(newOwner common.Address) ([]byte, error) {
	return merkleDistributor.abi.Pack("transferOwnership", newOwner)
}

// MerkleDistributorClaimed represents a Claimed event raised by the MerkleDistributor contract.
type MerkleDistributorClaimed struct {
	Account          common.Address
	Amount           *big.Int
	CumulativeAmount *big.Int
	Raw              *types.Log // Blockchain specific contextual infos
}

const MerkleDistributorClaimedEventName = "Claimed"

// ContractEventName returns the user-defined event name.
func (MerkleDistributorClaimed) ContractEventName() string {
	return MerkleDistributorClaimedEventName
}

// UnpackClaimedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Claimed(address indexed account, uint256 amount, uint256 cumulativeAmount)
func (merkleDistributor *MerkleDistributor) UnpackClaimedEvent(log *types.Log) (*MerkleDistributorClaimed, error) {
	event := "Claimed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != merkleDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(MerkleDistributorClaimed)
	if len(log.Data) > 0 {
		if err := merkleDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range merkleDistributor.abi.Events[event].Inputs {
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

// MerkleDistributorMerkleRootUpdated represents a MerkleRootUpdated event raised by the MerkleDistributor contract.
type MerkleDistributorMerkleRootUpdated struct {
	Root  [32]byte
	Epoch *big.Int
	Raw   *types.Log // Blockchain specific contextual infos
}

const MerkleDistributorMerkleRootUpdatedEventName = "MerkleRootUpdated"

// ContractEventName returns the user-defined event name.
func (MerkleDistributorMerkleRootUpdated) ContractEventName() string {
	return MerkleDistributorMerkleRootUpdatedEventName
}

// UnpackMerkleRootUpdatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event MerkleRootUpdated(bytes32 indexed root, uint256 epoch)
func (merkleDistributor *MerkleDistributor) UnpackMerkleRootUpdatedEvent(log *types.Log) (*MerkleDistributorMerkleRootUpdated, error) {
	event := "MerkleRootUpdated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != merkleDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(MerkleDistributorMerkleRootUpdated)
	if len(log.Data) > 0 {
		if err := merkleDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range merkleDistributor.abi.Events[event].Inputs {
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

// MerkleDistributorOwnershipTransferred represents a OwnershipTransferred event raised by the MerkleDistributor contract.
type MerkleDistributorOwnershipTransferred struct {
	PreviousOwner common.Address
	NewOwner      common.Address
	Raw           *types.Log // Blockchain specific contextual infos
}

const MerkleDistributorOwnershipTransferredEventName = "OwnershipTransferred"

// ContractEventName returns the user-defined event name.
func (MerkleDistributorOwnershipTransferred) ContractEventName() string {
	return MerkleDistributorOwnershipTransferredEventName
}

// UnpackOwnershipTransferredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)
func (merkleDistributor *MerkleDistributor) UnpackOwnershipTransferredEvent(log *types.Log) (*MerkleDistributorOwnershipTransferred, error) {
	event := "OwnershipTransferred"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != merkleDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(MerkleDistributorOwnershipTransferred)
	if len(log.Data) > 0 {
		if err := merkleDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range merkleDistributor.abi.Events[event].Inputs {
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

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (merkleDistributor *MerkleDistributor) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], merkleDistributor.abi.Errors["InvalidProof"].ID.Bytes()[:4]) {
		return merkleDistributor.UnpackInvalidProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], merkleDistributor.abi.Errors["NothingToClaim"].ID.Bytes()[:4]) {
		return merkleDistributor.UnpackNothingToClaimError(raw[4:])
	}
	if bytes.Equal(raw[:4], merkleDistributor.abi.Errors["OwnableInvalidOwner"].ID.Bytes()[:4]) {
		return merkleDistributor.UnpackOwnableInvalidOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], merkleDistributor.abi.Errors["OwnableUnauthorizedAccount"].ID.Bytes()[:4]) {
		return merkleDistributor.UnpackOwnableUnauthorizedAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], merkleDistributor.abi.Errors["SafeERC20FailedOperation"].ID.Bytes()[:4]) {
		return merkleDistributor.UnpackSafeERC20FailedOperationError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// MerkleDistributorInvalidProof represents a InvalidProof error raised by the MerkleDistributor contract.
type MerkleDistributorInvalidProof struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidProof()
func MerkleDistributorInvalidProofErrorID() common.Hash {
	return common.HexToHash("0x09bde339c6b182be216ee7ef8ccff6338c6ef7993445216112ae575c5438fd27")
}

// UnpackInvalidProofError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidProof()
func (merkleDistributor *MerkleDistributor) UnpackInvalidProofError(raw []byte) (*MerkleDistributorInvalidProof, error) {
	out := new(MerkleDistributorInvalidProof)
	if err := merkleDistributor.abi.UnpackIntoInterface(out, "InvalidProof", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// MerkleDistributorNothingToClaim represents a NothingToClaim error raised by the MerkleDistributor contract.
type MerkleDistributorNothingToClaim struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NothingToClaim()
func MerkleDistributorNothingToClaimErrorID() common.Hash {
	return common.HexToHash("0x969bf7288f744225521096ebffff657851af77dd4c63700d76b8d1cf6481d1f1")
}

// UnpackNothingToClaimError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NothingToClaim()
func (merkleDistributor *MerkleDistributor) UnpackNothingToClaimError(raw []byte) (*MerkleDistributorNothingToClaim, error) {
	out := new(MerkleDistributorNothingToClaim)
	if err := merkleDistributor.abi.UnpackIntoInterface(out, "NothingToClaim", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// MerkleDistributorOwnableInvalidOwner represents a OwnableInvalidOwner error raised by the MerkleDistributor contract.
type MerkleDistributorOwnableInvalidOwner struct {
	Owner common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error OwnableInvalidOwner(address owner)
func MerkleDistributorOwnableInvalidOwnerErrorID() common.Hash {
	return common.HexToHash("0x1e4fbdf7f3ef8bcaa855599e3abf48b232380f183f08f6f813d9ffa5bd585188")
}

// UnpackOwnableInvalidOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error OwnableInvalidOwner(address owner)
func (merkleDistributor *MerkleDistributor) UnpackOwnableInvalidOwnerError(raw []byte) (*MerkleDistributorOwnableInvalidOwner, error) {
	out := new(MerkleDistributorOwnableInvalidOwner)
	if err := merkleDistributor.abi.UnpackIntoInterface(out, "OwnableInvalidOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// MerkleDistributorOwnableUnauthorizedAccount represents a OwnableUnauthorizedAccount error raised by the MerkleDistributor contract.
type MerkleDistributorOwnableUnauthorizedAccount struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error OwnableUnauthorizedAccount(address account)
func MerkleDistributorOwnableUnauthorizedAccountErrorID() common.Hash {
	return common.HexToHash("0x118cdaa7a341953d1887a2245fd6665d741c67c8c50581daa59e1d03373fa188")
}

// UnpackOwnableUnauthorizedAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error OwnableUnauthorizedAccount(address account)
func (merkleDistributor *MerkleDistributor) UnpackOwnableUnauthorizedAccountError(raw []byte) (*MerkleDistributorOwnableUnauthorizedAccount, error) {
	out := new(MerkleDistributorOwnableUnauthorizedAccount)
	if err := merkleDistributor.abi.UnpackIntoInterface(out, "OwnableUnauthorizedAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// MerkleDistributorSafeERC20FailedOperation represents a SafeERC20FailedOperation error raised by the MerkleDistributor contract.
type MerkleDistributorSafeERC20FailedOperation struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SafeERC20FailedOperation(address token)
func MerkleDistributorSafeERC20FailedOperationErrorID() common.Hash {
	return common.HexToHash("0x5274afe73c98b4749fc91ffae6b7b574e7842cb2144a159e9377a5f20b32edf9")
}

// UnpackSafeERC20FailedOperationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SafeERC20FailedOperation(address token)
func (merkleDistributor *MerkleDistributor) UnpackSafeERC20FailedOperationError(raw []byte) (*MerkleDistributorSafeERC20FailedOperation, error) {
	out := new(MerkleDistributorSafeERC20FailedOperation)
	if err := merkleDistributor.abi.UnpackIntoInterface(out, "SafeERC20FailedOperation", raw); err != nil {
		return nil, err
	}
	return out, nil
}
