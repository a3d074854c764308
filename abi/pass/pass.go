// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package pass

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

// BeckonPassMetaData contains all meta data concerning the BeckonPass contract.
var BeckonPassMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"ERC721IncorrectOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"ERC721InsufficientApproval\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"approver\",\"type\":\"address\"}],\"name\":\"ERC721InvalidApprover\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"}],\"name\":\"ERC721InvalidOperator\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"ERC721InvalidOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"ERC721InvalidReceiver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"ERC721InvalidSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"ERC721NonexistentToken\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"OwnableInvalidOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"OwnableUnauthorizedAccount\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"approved\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"approved\",\"type\":\"bool\"}],\"name\":\"ApprovalForAll\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"previousOwner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"OwnershipTransferred\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"getApproved\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"}],\"name\":\"isApprovedForAll\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"mint\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nextTokenId\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"ownerOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"renounceOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"safeTransferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"safeTransferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"internalType\":\"bool\",\"name\":\"approved\",\"type\":\"bool\"}],\"name\":\"setApprovalForAll\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"tokenURI\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"transferOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "BeckonPass",
	Bin: "0x608060405234801561000f575f5ffd5b50336040518060400160405280600b81526020016a4265636b6f6e205061737360a81b81525060405180604001604052806005815260200164425041535360d81b815250815f908161006191906101a1565b50600161006e82826101a1565b5050506001600160a01b03811661009e57604051631e4fbdf760e01b81525f600482015260240160405180910390fd5b6100a7816100ad565b5061025f565b600680546001600160a01b038381166001600160a01b0319831681179093556040519116919082907f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0905f90a35050565b634e487b7160e01b5f52604160045260245ffd5b600181811c9082168061012657607f821691505b60208210810361014457634e487b7160e01b5f52602260045260245ffd5b50919050565b601f82111561019c578282111561019c57805f5260205f20601f840160051c602085101561017557505f5b90810190601f840160051c035f5b81811015610198575f83820155600101610183565b5050505b505050565b81516001600160401b038111156101ba576101ba6100fe565b6101ce816101c88454610112565b8461014a565b6020601f821160018114610200575f83156101e95750848201515b5f19600385901b1c1916600184901b178455610258565b5f84815260208120601f198516915b8281101561022f578785015182556020948501946001909201910161020f565b508482101561024c57868401515f19600387901b60f8161c191681555b505060018360011b0184555b5050505050565b6110c68061026c5f395ff3fe608060405234801561000f575f5ffd5b5060043610610111575f3560e01c8063715018a61161009e578063a22cb4651161006e578063a22cb4651461021e578063b88d4fde14610231578063c87b56dd14610244578063e985e9c514610257578063f2fde38b1461026a575f5ffd5b8063715018a6146101f457806375794a3c146101fc5780638da5cb5b1461020557806395d89b4114610216575f5ffd5b80631249c58b116100e45780631249c58b1461019257806323b872dd146101a857806342842e0e146101bb5780636352211e146101ce57806370a08231146101e1575f5ffd5b806301ffc9a71461011557806306fdde031461013d578063081812fc14610152578063095ea7b31461017d575b5f5ffd5b610128610123366004610d4f565b61027d565b60405190151581526020015b60405180910390f35b6101456102ce565b6040516101349190610d98565b610165610160366004610daa565b61035d565b6040516001600160a01b039091168152602001610134565b61019061018b366004610ddc565b610384565b005b61019a610393565b604051908152602001610134565b6101906101b6366004610e04565b6103b6565b6101906101c9366004610e04565b610444565b6101656101dc366004610daa565b610463565b61019a6101ef366004610e3e565b61046d565b6101906104b2565b61019a60075481565b6006546001600160a01b0316610165565b6101456104c5565b61019061022c366004610e57565b6104d4565b61019061023f366004610ea4565b6104df565b610145610252366004610daa565b6104f7565b610128610265366004610f81565b610568565b610190610278366004610e3e565b610595565b5f6001600160e01b031982166380ac58cd60e01b14806102ad57506001600160e01b03198216635b5e139f60e01b145b806102c857506301ffc9a760e01b6001600160e01b03198316145b92915050565b60605f80546102dc90610fb2565b80601f016020809104026020016040519081016040528092919081815260200182805461030890610fb2565b80156103535780601f1061032a57610100808354040283529160200191610353565b820191905f5260205f20905b81548152906001019060200180831161033657829003601f168201915b5050505050905090565b5f610367826105d2565b505f828152600460205260409020546001600160a01b03166102c8565b61038f82823361060a565b5050565b600780545f91826103a383610fea565b9190505590506103b33382610617565b90565b6001600160a01b0382166103e457604051633250574960e11b81525f60048201526024015b60405180910390fd5b5f6103f0838333610630565b9050836001600160a01b0316816001600160a01b03161461043e576040516364283d7b60e01b81526001600160a01b03808616600483015260248201849052821660448201526064016103db565b50505050565b61045e83838360405180602001604052805f8152506104df565b505050565b5f6102c8826105d2565b5f6001600160a01b038216610497576040516322718ad960e21b81525f60048201526024016103db565b506001600160a01b03165f9081526003602052604090205490565b6104ba610722565b6104c35f61074f565b565b6060600180546102dc90610fb2565b61038f3383836107a0565b6104ea8484846103b6565b61043e3385858585610867565b6060610502826105d2565b505f61051860408051602081019091525f815290565b90505f8151116105365760405180602001604052805f815250610561565b806105408461098f565b604051602001610551929190611025565b6040516020818303038152906040525b9392505050565b6001600160a01b039182165f90815260056020908152604080832093909416825291909152205460ff1690565b61059d610722565b6001600160a01b0381166105c657604051631e4fbdf760e01b81525f60048201526024016103db565b6105cf8161074f565b50565b5f818152600260205260408120546001600160a01b0316806102c857604051637e27328960e01b8152600481018490526024016103db565b61045e8383836001610a1f565b61038f828260405180602001604052805f815250610b23565b5f828152600260205260408120546001600160a01b039081169083161561065c5761065c818486610b3a565b6001600160a01b03811615610696576106775f855f5f610a1f565b6001600160a01b0381165f90815260036020526040902080545f190190555b6001600160a01b038516156106c4576001600160a01b0385165f908152600360205260409020805460010190555b5f8481526002602052604080822080546001600160a01b0319166001600160a01b0389811691821790925591518793918516917fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef91a4949350505050565b6006546001600160a01b031633146104c35760405163118cdaa760e01b81523360048201526024016103db565b600680546001600160a01b038381166001600160a01b0319831681179093556040519116919082907f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0905f90a35050565b6001600160a01b0383166107c95760405163a9fbf51f60e01b81525f60048201526024016103db565b6001600160a01b0382166107fb57604051630b61174360e31b81526001600160a01b03831660048201526024016103db565b6001600160a01b038381165f81815260056020908152604080832094871680845294825291829020805460ff191686151590811790915591519182527f17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31910160405180910390a3505050565b6001600160a01b0383163b1561098857604051630a85bd0160e11b81526001600160a01b0384169063150b7a02906108a9908890889087908790600401611039565b6020604051808303815f875af19250505080156108e3575060408051601f3d908101601f191682019092526108e091810190611075565b60015b61094a573d808015610910576040519150601f19603f3d011682016040523d82523d5f602084013e610915565b606091505b5080515f0361094257604051633250574960e11b81526001600160a01b03851660048201526024016103db565b805160208201fd5b6001600160e01b03198116630a85bd0160e11b1461098657604051633250574960e11b81526001600160a01b03851660048201526024016103db565b505b5050505050565b60605f61099b83610b9e565b60010190505f8167ffffffffffffffff8111156109ba576109ba610e90565b6040519080825280601f01601f1916602001820160405280156109e4576020820181803683370190505b5090508181016020015b5f19016f181899199a1a9b1b9c1cb0b131b232b360811b600a86061a8153600a85049450846109ee57509392505050565b8080610a3357506001600160a01b03821615155b15610af4575f610a42846105d2565b90506001600160a01b03831615801590610a6e5750826001600160a01b0316816001600160a01b031614155b8015610a815750610a7f8184610568565b155b15610aaa5760405163a9fbf51f60e01b81526001600160a01b03841660048201526024016103db565b8115610af25783856001600160a01b0316826001600160a01b03167f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b92560405160405180910390a45b505b50505f90815260046020526040902080546001600160a01b0319166001600160a01b0392909216919091179055565b610b2d8383610c75565b61045e335f858585610867565b610b45838383610cd6565b61045e576001600160a01b038316610b7357604051637e27328960e01b8152600481018290526024016103db565b60405163177e802f60e01b81526001600160a01b0383166004820152602481018290526044016103db565b5f8072184f03e93ff9f4daa797ed6e38ed64bf6a1f0160401b8310610bdc5772184f03e93ff9f4daa797ed6e38ed64bf6a1f0160401b830492506040015b6d04ee2d6d415b85acef81000000008310610c08576d04ee2d6d415b85acef8100000000830492506020015b662386f26fc100008310610c2657662386f26fc10000830492506010015b6305f5e1008310610c3e576305f5e100830492506008015b6127108310610c5257612710830492506004015b60648310610c64576064830492506002015b600a83106102c85760010192915050565b6001600160a01b038216610c9e57604051633250574960e11b81525f60048201526024016103db565b5f610caa83835f610630565b90506001600160a01b0381161561045e576040516339e3563760e11b81525f60048201526024016103db565b5f6001600160a01b03831615801590610d325750826001600160a01b0316846001600160a01b03161480610d0f5750610d0f8484610568565b80610d3257505f828152600460205260409020546001600160a01b038481169116145b949350505050565b6001600160e01b0319811681146105cf575f5ffd5b5f60208284031215610d5f575f5ffd5b813561056181610d3a565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f6105616020830184610d6a565b5f60208284031215610dba575f5ffd5b5035919050565b80356001600160a01b0381168114610dd7575f5ffd5b919050565b5f5f60408385031215610ded575f5ffd5b610df683610dc1565b946020939093013593505050565b5f5f5f60608486031215610e16575f5ffd5b610e1f84610dc1565b9250610e2d60208501610dc1565b929592945050506040919091013590565b5f60208284031215610e4e575f5ffd5b61056182610dc1565b5f5f60408385031215610e68575f5ffd5b610e7183610dc1565b915060208301358015158114610e85575f5ffd5b809150509250929050565b634e487b7160e01b5f52604160045260245ffd5b5f5f5f5f60808587031215610eb7575f5ffd5b610ec085610dc1565b9350610ece60208601610dc1565b925060408501359150606085013567ffffffffffffffff811115610ef0575f5ffd5b8501601f81018713610f00575f5ffd5b803567ffffffffffffffff811115610f1a57610f1a610e90565b604051601f8201601f19908116603f0116810167ffffffffffffffff81118282101715610f4957610f49610e90565b604052818152828201602001891015610f60575f5ffd5b816020840160208301375f6020838301015280935050505092959194509250565b5f5f60408385031215610f92575f5ffd5b610f9b83610dc1565b9150610fa960208401610dc1565b90509250929050565b600181811c90821680610fc657607f821691505b602082108103610fe457634e487b7160e01b5f52602260045260245ffd5b50919050565b5f6001820161100757634e487b7160e01b5f52601160045260245ffd5b5060010190565b5f81518060208401855e5f93019283525090919050565b5f610d32611033838661100e565b8461100e565b6001600160a01b03858116825284166020820152604081018390526080606082018190525f9061106b90830184610d6a565b9695505050505050565b5f60208284031215611085575f5ffd5b815161056181610d3a56fea2646970667358221220d7c604cdd66afbbd5fe0a3a44a99fd4240b95916f79c1bdf8f1c59ea1a6277d164736f6c63430008250033",
}

// BeckonPass is an auto generated Go binding around an Ethereum contract.
type BeckonPass struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *BeckonPass) GetABI() abi.ABI {
	return c.abi
}

// NewBeckonPass creates a new instance of BeckonPass.
func NewBeckonPass() *BeckonPass {
	parsed, err := BeckonPassMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &BeckonPass{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *BeckonPass) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function approve(address to, uint256 tokenId) returns()
func (beckonPass *BeckonPass) PackApprove(to common.Address, tokenId *big.Int) []byte {
	enc, err := beckonPass.abi.Pack("approve", to, tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approve(address to, uint256 tokenId) returns()
func (beckonPass *BeckonPass) TryPackApprove(to common.Address, tokenId *big.Int) ([]byte, error) {
	return beckonPass.abi.Pack("approve", to, tokenId)
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address owner) view returns(uint256)
func (beckonPass *BeckonPass) PackBalanceOf(owner common.Address) []byte {
	enc, err := beckonPass.abi.Pack("balanceOf", owner)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address owner) view returns(uint256)
func (beckonPass *BeckonPass) TryPackBalanceOf(owner common.Address) ([]byte, error) {
	return beckonPass.abi.Pack("balanceOf", owner)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address owner) view returns(uint256)
func (beckonPass *BeckonPass) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := beckonPass.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackGetApproved is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x081812fc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getApproved(uint256 tokenId) view returns(address)
func (beckonPass *BeckonPass) PackGetApproved(tokenId *big.Int) []byte {
	enc, err := beckonPass.abi.Pack("getApproved", tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetApproved is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x081812fc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getApproved(uint256 tokenId) view returns(address)
func (beckonPass *BeckonPass) TryPackGetApproved(tokenId *big.Int) ([]byte, error) {
	return beckonPass.abi.Pack("getApproved", tokenId)
}

// UnpackGetApproved is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x081812fc.
//
// Solidity: function getApproved(uint256 tokenId) view returns(address)
func (beckonPass *BeckonPass) UnpackGetApproved(data []byte) (common.Address, error) {
	out, err := beckonPass.abi.Unpack("getApproved", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackIsApprovedForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe985e9c5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isApprovedForAll(address owner, address operator) view returns(bool)
func (beckonPass *BeckonPass) PackIsApprovedForAll(owner common.Address, operator common.Address) []byte {
	enc, err := beckonPass.abi.Pack("isApprovedForAll", owner, operator)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsApprovedForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe985e9c5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isApprovedForAll(address owner, address operator) view returns(bool)
func (beckonPass *BeckonPass) TryPackIsApprovedForAll(owner common.Address, operator common.Address) ([]byte, error) {
	return beckonPass.abi.Pack("isApprovedForAll", owner, operator)
}

// UnpackIsApprovedForAll is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe985e9c5.
//
// Solidity: function isApprovedForAll(address owner, address operator) view returns(bool)
func (beckonPass *BeckonPass) UnpackIsApprovedForAll(data []byte) (bool, error) {
	out, err := beckonPass.abi.Unpack("isApprovedForAll", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1249c58b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint() returns(uint256 tokenId)
func (beckonPass *BeckonPass) PackMint() []byte {
	enc, err := beckonPass.abi.Pack("mint")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1249c58b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mint() returns(uint256 tokenId)
func (beckonPass *BeckonPass) TryPackMint() ([]byte, error) {
	return beckonPass.abi.Pack("mint")
}

// UnpackMint is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1249c58b.
//
// Solidity: function mint() returns(uint256 tokenId)
func (beckonPass *BeckonPass) UnpackMint(data []byte) (*big.Int, error) {
	out, err := beckonPass.abi.Unpack("mint", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function name() view returns(string)
func (beckonPass *BeckonPass) PackName() []byte {
	enc, err := beckonPass.abi.Pack("name")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function name() view returns(string)
func (beckonPass *BeckonPass) TryPackName() ([]byte, error) {
	return beckonPass.abi.Pack("name")
}

// UnpackName is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (beckonPass *BeckonPass) UnpackName(data []byte) (string, error) {
	out, err := beckonPass.abi.Unpack("name", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackNextTokenId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x75794a3c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nextTokenId() view returns(uint256)
func (beckonPass *BeckonPass) PackNextTokenId() []byte {
	enc, err := beckonPass.abi.Pack("nextTokenId")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNextTokenId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x75794a3c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nextTokenId() view returns(uint256)
func (beckonPass *BeckonPass) TryPackNextTokenId() ([]byte, error) {
	return beckonPass.abi.Pack("nextTokenId")
}

// UnpackNextTokenId is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x75794a3c.
//
// Solidity: function nextTokenId() view returns(uint256)
func (beckonPass *BeckonPass) UnpackNextTokenId(data []byte) (*big.Int, error) {
	out, err := beckonPass.abi.Unpack("nextTokenId", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function owner() view returns(address)
func (beckonPass *BeckonPass) PackOwner() []byte {
	enc, err := beckonPass.abi.Pack("owner")
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
func (beckonPass *BeckonPass) TryPackOwner() ([]byte, error) {
	return beckonPass.abi.Pack("owner")
}

// UnpackOwner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (beckonPass *BeckonPass) UnpackOwner(data []byte) (common.Address, error) {
	out, err := beckonPass.abi.Unpack("owner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackOwnerOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6352211e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ownerOf(uint256 tokenId) view returns(address)
func (beckonPass *BeckonPass) PackOwnerOf(tokenId *big.Int) []byte {
	enc, err := beckonPass.abi.Pack("ownerOf", tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwnerOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6352211e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ownerOf(uint256 tokenId) view returns(address)
func (beckonPass *BeckonPass) TryPackOwnerOf(tokenId *big.Int) ([]byte, error) {
	return beckonPass.abi.Pack("ownerOf", tokenId)
}

// UnpackOwnerOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6352211e.
//
// Solidity: function ownerOf(uint256 tokenId) view returns(address)
func (beckonPass *BeckonPass) UnpackOwnerOf(data []byte) (common.Address, error) {
	out, err := beckonPass.abi.Unpack("ownerOf", data)
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
func (beckonPass *BeckonPass) PackRenounceOwnership() []byte {
	enc, err := beckonPass.abi.Pack("renounceOwnership")
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
func (beckonPass *BeckonPass) TryPackRenounceOwnership() ([]byte, error) {
	return beckonPass.abi.Pack("renounceOwnership")
}

// PackSafeTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42842e0e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId) returns()
func (beckonPass *BeckonPass) PackSafeTransferFrom(from common.Address, to common.Address, tokenId *big.Int) []byte {
	enc, err := beckonPass.abi.Pack("safeTransferFrom", from, to, tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSafeTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42842e0e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId) returns()
func (beckonPass *BeckonPass) TryPackSafeTransferFrom(from common.Address, to common.Address, tokenId *big.Int) ([]byte, error) {
	return beckonPass.abi.Pack("safeTransferFrom", from, to, tokenId)
}

// PackSafeTransferFrom0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb88d4fde.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId, bytes data) returns()
func (beckonPass *BeckonPass) PackSafeTransferFrom0(from common.Address, to common.Address, tokenId *big.Int, data []byte) []byte {
	enc, err := beckonPass.abi.Pack("safeTransferFrom0", from, to, tokenId, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSafeTransferFrom0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb88d4fde.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId, bytes data) returns()
func (beckonPass *BeckonPass) TryPackSafeTransferFrom0(from common.Address, to common.Address, tokenId *big.Int, data []byte) ([]byte, error) {
	return beckonPass.abi.Pack("safeTransferFrom0", from, to, tokenId, data)
}

// PackSetApprovalForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa22cb465.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setApprovalForAll(address operator, bool approved) returns()
func (beckonPass *BeckonPass) PackSetApprovalForAll(operator common.Address, approved bool) []byte {
	enc, err := beckonPass.abi.Pack("setApprovalForAll", operator, approved)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetApprovalForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa22cb465.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setApprovalForAll(address operator, bool approved) returns()
func (beckonPass *BeckonPass) TryPackSetApprovalForAll(operator common.Address, approved bool) ([]byte, error) {
	return beckonPass.abi.Pack("setApprovalForAll", operator, approved)
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (beckonPass *BeckonPass) PackSupportsInterface(interfaceId [4]byte) []byte {
	enc, err := beckonPass.abi.Pack("supportsInterface", interfaceId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (beckonPass *BeckonPass) TryPackSupportsInterface(interfaceId [4]byte) ([]byte, error) {
	return beckonPass.abi.Pack("supportsInterface", interfaceId)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (beckonPass *BeckonPass) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := beckonPass.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function symbol() view returns(string)
func (beckonPass *BeckonPass) PackSymbol() []byte {
	enc, err := beckonPass.abi.Pack("symbol")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function symbol() view returns(string)
func (beckonPass *BeckonPass) TryPackSymbol() ([]byte, error) {
	return beckonPass.abi.Pack("symbol")
}

// UnpackSymbol is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (beckonPass *BeckonPass) UnpackSymbol(data []byte) (string, error) {
	out, err := beckonPass.abi.Unpack("symbol", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackTokenURI is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc87b56dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function tokenURI(uint256 tokenId) view returns(string)
func (beckonPass *BeckonPass) PackTokenURI(tokenId *big.Int) []byte {
	enc, err := beckonPass.abi.Pack("tokenURI", tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTokenURI is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc87b56dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function tokenURI(uint256 tokenId) view returns(string)
func (beckonPass *BeckonPass) TryPackTokenURI(tokenId *big.Int) ([]byte, error) {
	return beckonPass.abi.Pack("tokenURI", tokenId)
}

// UnpackTokenURI is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc87b56dd.
//
// Solidity: function tokenURI(uint256 tokenId) view returns(string)
func (beckonPass *BeckonPass) UnpackTokenURI(data []byte) (string, error) {
	out, err := beckonPass.abi.Unpack("tokenURI", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferFrom(address from, address to, uint256 tokenId) returns()
func (beckonPass *BeckonPass) PackTransferFrom(from common.Address, to common.Address, tokenId *big.Int) []byte {
	enc, err := beckonPass.abi.Pack("transferFrom", from, to, tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferFrom(address from, address to, uint256 tokenId) returns()
func (beckonPass *BeckonPass) TryPackTransferFrom(from common.Address, to common.Address, tokenId *big.Int) ([]byte, error) {
	return beckonPass.abi.Pack("transferFrom", from, to, tokenId)
}

// PackTransferOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2fde38b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (beckonPass *BeckonPass) PackTransferOwnership(newOwner common.Address) []byte {
	enc, err := beckonPass.abi.Pack("transferOwnership", newOwner)
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
func (beckonPass *BeckonPass) TryPackTransferOwnership(newOwner common.Address) ([]byte, error) {
	return beckonPass.abi.Pack("transferOwnership", newOwner)
}

// BeckonPassApproval represents a Approval event raised by the BeckonPass contract.
type BeckonPassApproval struct {
	Owner    common.Address
	Approved common.Address
	TokenId  *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const BeckonPassApprovalEventName = "Approval"

// ContractEventName returns the user-defined event name.
func (BeckonPassApproval) ContractEventName() string {
	return BeckonPassApprovalEventName
}

// UnpackApprovalEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId)
func (beckonPass *BeckonPass) UnpackApprovalEvent(log *types.Log) (*BeckonPassApproval, error) {
	event := "Approval"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonPass.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonPassApproval)
	if len(log.Data) > 0 {
		if err := beckonPass.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonPass.abi.Events[event].Inputs {
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

// BeckonPassApprovalForAll represents a ApprovalForAll event raised by the BeckonPass contract.
type BeckonPassApprovalForAll struct {
	Owner    common.Address
	Operator common.Address
	Approved bool
	Raw      *types.Log // Blockchain specific contextual infos
}

const BeckonPassApprovalForAllEventName = "ApprovalForAll"

// ContractEventName returns the user-defined event name.
func (BeckonPassApprovalForAll) ContractEventName() string {
	return BeckonPassApprovalForAllEventName
}

// UnpackApprovalForAllEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ApprovalForAll(address indexed owner, address indexed operator, bool approved)
func (beckonPass *BeckonPass) UnpackApprovalForAllEvent(log *types.Log) (*BeckonPassApprovalForAll, error) {
	event := "ApprovalForAll"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonPass.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonPassApprovalForAll)
	if len(log.Data) > 0 {
		if err := beckonPass.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonPass.abi.Events[event].Inputs {
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

// BeckonPassOwnershipTransferred represents a OwnershipTransferred event raised by the BeckonPass contract.
type BeckonPassOwnershipTransferred struct {
	PreviousOwner common.Address
	NewOwner      common.Address
	Raw           *types.Log // Blockchain specific contextual infos
}

const BeckonPassOwnershipTransferredEventName = "OwnershipTransferred"

// ContractEventName returns the user-defined event name.
func (BeckonPassOwnershipTransferred) ContractEventName() string {
	return BeckonPassOwnershipTransferredEventName
}

// UnpackOwnershipTransferredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)
func (beckonPass *BeckonPass) UnpackOwnershipTransferredEvent(log *types.Log) (*BeckonPassOwnershipTransferred, error) {
	event := "OwnershipTransferred"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonPass.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonPassOwnershipTransferred)
	if len(log.Data) > 0 {
		if err := beckonPass.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonPass.abi.Events[event].Inputs {
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

// BeckonPassTransfer represents a Transfer event raised by the BeckonPass contract.
type BeckonPassTransfer struct {
	From    common.Address
	To      common.Address
	TokenId *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const BeckonPassTransferEventName = "Transfer"

// ContractEventName returns the user-defined event name.
func (BeckonPassTransfer) ContractEventName() string {
	return BeckonPassTransferEventName
}

// UnpackTransferEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)
func (beckonPass *BeckonPass) UnpackTransferEvent(log *types.Log) (*BeckonPassTransfer, error) {
	event := "Transfer"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonPass.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonPassTransfer)
	if len(log.Data) > 0 {
		if err := beckonPass.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonPass.abi.Events[event].Inputs {
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
func (beckonPass *BeckonPass) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], beckonPass.abi.Errors["ERC721IncorrectOwner"].ID.Bytes()[:4]) {
		return beckonPass.UnpackERC721IncorrectOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonPass.abi.Errors["ERC721InsufficientApproval"].ID.Bytes()[:4]) {
		return beckonPass.UnpackERC721InsufficientApprovalError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonPass.abi.Errors["ERC721InvalidApprover"].ID.Bytes()[:4]) {
		return beckonPass.UnpackERC721InvalidApproverError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonPass.abi.Errors["ERC721InvalidOperator"].ID.Bytes()[:4]) {
		return beckonPass.UnpackERC721InvalidOperatorError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonPass.abi.Errors["ERC721InvalidOwner"].ID.Bytes()[:4]) {
		return beckonPass.UnpackERC721InvalidOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonPass.abi.Errors["ERC721InvalidReceiver"].ID.Bytes()[:4]) {
		return beckonPass.UnpackERC721InvalidReceiverError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonPass.abi.Errors["ERC721InvalidSender"].ID.Bytes()[:4]) {
		return beckonPass.UnpackERC721InvalidSenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonPass.abi.Errors["ERC721NonexistentToken"].ID.Bytes()[:4]) {
		return beckonPass.UnpackERC721NonexistentTokenError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonPass.abi.Errors["OwnableInvalidOwner"].ID.Bytes()[:4]) {
		return beckonPass.UnpackOwnableInvalidOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonPass.abi.Errors["OwnableUnauthorizedAccount"].ID.Bytes()[:4]) {
		return beckonPass.UnpackOwnableUnauthorizedAccountError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// BeckonPassERC721IncorrectOwner represents a ERC721IncorrectOwner error raised by the BeckonPass contract.
type BeckonPassERC721IncorrectOwner struct {
	Sender  common.Address
	TokenId *big.Int
	Owner   common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner)
func BeckonPassERC721IncorrectOwnerErrorID() common.Hash {
	return common.HexToHash("0x64283d7b313c8117c125f736876fa2b4e90ea3831a4716dfdb87d2f540e26289")
}

// UnpackERC721IncorrectOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner)
func (beckonPass *BeckonPass) UnpackERC721IncorrectOwnerError(raw []byte) (*BeckonPassERC721IncorrectOwner, error) {
	out := new(BeckonPassERC721IncorrectOwner)
	if err := beckonPass.abi.UnpackIntoInterface(out, "ERC721IncorrectOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonPassERC721InsufficientApproval represents a ERC721InsufficientApproval error raised by the BeckonPass contract.
type BeckonPassERC721InsufficientApproval struct {
	Operator common.Address
	TokenId  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721InsufficientApproval(address operator, uint256 tokenId)
func BeckonPassERC721InsufficientApprovalErrorID() common.Hash {
	return common.HexToHash("0x177e802f6f313bc89797ecace66d6d29ab4719cbaaacbb87367264048b1eb861")
}

// UnpackERC721InsufficientApprovalError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721InsufficientApproval(address operator, uint256 tokenId)
func (beckonPass *BeckonPass) UnpackERC721InsufficientApprovalError(raw []byte) (*BeckonPassERC721InsufficientApproval, error) {
	out := new(BeckonPassERC721InsufficientApproval)
	if err := beckonPass.abi.UnpackIntoInterface(out, "ERC721InsufficientApproval", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonPassERC721InvalidApprover represents a ERC721InvalidApprover error raised by the BeckonPass contract.
type BeckonPassERC721InvalidApprover struct {
	Approver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721InvalidApprover(address approver)
func BeckonPassERC721InvalidApproverErrorID() common.Hash {
	return common.HexToHash("0xa9fbf51f86b8e03595d59dc726bb10c329bb24f62589be276d8dd193ca0b69ea")
}

// UnpackERC721InvalidApproverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721InvalidApprover(address approver)
func (beckonPass *BeckonPass) UnpackERC721InvalidApproverError(raw []byte) (*BeckonPassERC721InvalidApprover, error) {
	out := new(BeckonPassERC721InvalidApprover)
	if err := beckonPass.abi.UnpackIntoInterface(out, "ERC721InvalidApprover", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonPassERC721InvalidOperator represents a ERC721InvalidOperator error raised by the BeckonPass contract.
type BeckonPassERC721InvalidOperator struct {
	Operator common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721InvalidOperator(address operator)
func BeckonPassERC721InvalidOperatorErrorID() common.Hash {
	return common.HexToHash("0x5b08ba185e8f577075361f3a3555a6580a227ce22734dcc979c1aeadf894658b")
}

// UnpackERC721InvalidOperatorError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721InvalidOperator(address operator)
func (beckonPass *BeckonPass) UnpackERC721InvalidOperatorError(raw []byte) (*BeckonPassERC721InvalidOperator, error) {
	out := new(BeckonPassERC721InvalidOperator)
	if err := beckonPass.abi.UnpackIntoInterface(out, "ERC721InvalidOperator", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonPassERC721InvalidOwner represents a ERC721InvalidOwner error raised by the BeckonPass contract.
type BeckonPassERC721InvalidOwner struct {
	Owner common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721InvalidOwner(address owner)
func BeckonPassERC721InvalidOwnerErrorID() common.Hash {
	return common.HexToHash("0x89c62b6479af2e623826dcc39c5133061d35b66d72de92833401dd2fd6567480")
}

// UnpackERC721InvalidOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721InvalidOwner(address owner)
func (beckonPass *BeckonPass) UnpackERC721InvalidOwnerError(raw []byte) (*BeckonPassERC721InvalidOwner, error) {
	out := new(BeckonPassERC721InvalidOwner)
	if err := beckonPass.abi.UnpackIntoInterface(out, "ERC721InvalidOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonPassERC721InvalidReceiver represents a ERC721InvalidReceiver error raised by the BeckonPass contract.
type BeckonPassERC721InvalidReceiver struct {
	Receiver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721InvalidReceiver(address receiver)
func BeckonPassERC721InvalidReceiverErrorID() common.Hash {
	return common.HexToHash("0x64a0ae9278f805eaf991dcd18ca78756d280b7508b764ef1b255c55845c11df9")
}

// UnpackERC721InvalidReceiverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721InvalidReceiver(address receiver)
func (beckonPass *BeckonPass) UnpackERC721InvalidReceiverError(raw []byte) (*BeckonPassERC721InvalidReceiver, error) {
	out := new(BeckonPassERC721InvalidReceiver)
	if err := beckonPass.abi.UnpackIntoInterface(out, "ERC721InvalidReceiver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonPassERC721InvalidSender represents a ERC721InvalidSender error raised by the BeckonPass contract.
type BeckonPassERC721InvalidSender struct {
	Sender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721InvalidSender(address sender)
func BeckonPassERC721InvalidSenderErrorID() common.Hash {
	return common.HexToHash("0x73c6ac6e10798e95d99e1f130d923eb40193ecb8d094ec3dce93292564eb3b17")
}

// UnpackERC721InvalidSenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721InvalidSender(address sender)
func (beckonPass *BeckonPass) UnpackERC721InvalidSenderError(raw []byte) (*BeckonPassERC721InvalidSender, error) {
	out := new(BeckonPassERC721InvalidSender)
	if err := beckonPass.abi.UnpackIntoInterface(out, "ERC721InvalidSender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonPassERC721NonexistentToken represents a ERC721NonexistentToken error raised by the BeckonPass contract.
type BeckonPassERC721NonexistentToken struct {
	TokenId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721NonexistentToken(uint256 tokenId)
func BeckonPassERC721NonexistentTokenErrorID() common.Hash {
	return common.HexToHash("0x7e273289a3a9ef6670f06df7dca227856fc925e956db96980692764a8bc734d7")
}

// UnpackERC721NonexistentTokenError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721NonexistentToken(uint256 tokenId)
func (beckonPass *BeckonPass) UnpackERC721NonexistentTokenError(raw []byte) (*BeckonPassERC721NonexistentToken, error) {
	out := new(BeckonPassERC721NonexistentToken)
	if err := beckonPass.abi.UnpackIntoInterface(out, "ERC721NonexistentToken", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonPassOwnableInvalidOwner represents a OwnableInvalidOwner error raised by the BeckonPass contract.
type BeckonPassOwnableInvalidOwner struct {
	Owner common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error OwnableInvalidOwner(address owner)
func BeckonPassOwnableInvalidOwnerErrorID() common.Hash {
	return common.HexToHash("0x1e4fbdf7f3ef8bcaa855599e3abf48b232380f183f08f6f813d9ffa5bd585188")
}

// UnpackOwnableInvalidOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error OwnableInvalidOwner(address owner)
func (beckonPass *BeckonPass) UnpackOwnableInvalidOwnerError(raw []byte) (*BeckonPassOwnableInvalidOwner, error) {
	out := new(BeckonPassOwnableInvalidOwner)
	if err := beckonPass.abi.UnpackIntoInterface(out, "OwnableInvalidOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonPassOwnableUnauthorizedAccount represents a OwnableUnauthorizedAccount error raised by the BeckonPass contract.
type BeckonPassOwnableUnauthorizedAccount struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error OwnableUnauthorizedAccount(address account)
func BeckonPassOwnableUnauthorizedAccountErrorID() common.Hash {
	return common.HexToHash("0x118cdaa7a341953d1887a2245fd6665d741c67c8c50581daa59e1d03373fa188")
}

// UnpackOwnableUnauthorizedAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error OwnableUnauthorizedAccount(address account)
func (beckonPass *BeckonPass) UnpackOwnableUnauthorizedAccountError(raw []byte) (*BeckonPassOwnableUnauthorizedAccount, error) {
	out := new(BeckonPassOwnableUnauthorizedAccount)
	if err := beckonPass.abi.UnpackIntoInterface(out, "OwnableUnauthorizedAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}
