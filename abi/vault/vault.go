// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package vault

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

// StakingVaultMetaData contains all meta data concerning the StakingVault contract.
var StakingVaultMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"token_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"staked\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"requested\",\"type\":\"uint256\"}],\"name\":\"InsufficientStake\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ReentrancyGuardReentrantCall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAmount\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"user\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Staked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"user\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Unstaked\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"stake\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"user\",\"type\":\"address\"}],\"name\":\"stakedOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalStaked\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"unstake\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "StakingVault",
	Bin: "0x60a060405234801561000f575f5ffd5b506040516105ef3803806105ef83398101604081905261002e91610063565b60017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00556001600160a01b0316608052610090565b5f60208284031215610073575f5ffd5b81516001600160a01b0381168114610089575f5ffd5b9392505050565b60805161053a6100b55f395f818160c5015281816101880152610277015261053a5ff3fe608060405234801561000f575f5ffd5b5060043610610055575f3560e01c80632e17de7814610059578063817b1cd21461006e578063a694fc3a14610085578063af500ba314610098578063fc0c546a146100c0575b5f5ffd5b61006c61006736600461047b565b6100ff565b005b6001545b6040519081526020015b60405180910390f35b61006c61009336600461047b565b610206565b6100726100a6366004610492565b6001600160a01b03165f9081526020819052604090205490565b6100e77f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b03909116815260200161007c565b6101076102ea565b805f0361012757604051631f2a200560e01b815260040160405180910390fd5b335f9081526020819052604090205480821115610166576040516322df051360e11b815260048101829052602481018390526044015b60405180910390fd5b335f81815260208190526040902083830390556001805484900390556101b7907f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03169084610305565b60405182815233907f0f5bb82176feb1b5e747e28471aa92156a04d9f3ab9f45f28e2d704232b93f759060200160405180910390a25061020360015f5160206104e55f395f51905f5255565b50565b61020e6102ea565b805f0361022e57604051631f2a200560e01b815260040160405180910390fd5b335f908152602081905260408120805483929061024c9084906104bf565b925050819055508060015f82825461026491906104bf565b9091555061029f90506001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001633308461033f565b60405181815233907f9e71bc8eea02a63969f509818f2dafb9254532904319f9dbda79b67bd34a5f3d9060200160405180910390a261020360015f5160206104e55f395f51905f5255565b6102f261037b565b60025f5160206104e55f395f51905f5255565b61031283838360016103ac565b61033a57604051635274afe760e01b81526001600160a01b038416600482015260240161015d565b505050565b61034d84848484600161040e565b61037557604051635274afe760e01b81526001600160a01b038516600482015260240161015d565b50505050565b5f5160206104e55f395f51905f52546002036103aa57604051633ee5aeb560e01b815260040160405180910390fd5b565b60405163a9059cbb60e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f511483166104025783831516156103f6573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b6040516323b872dd60e01b5f8181526001600160a01b038781166004528616602452604485905291602083606481808c5af1925060015f5114831661046a57838315161561045e573d5f823e3d81fd5b5f883b113d1516831692505b604052505f60605295945050505050565b5f6020828403121561048b575f5ffd5b5035919050565b5f602082840312156104a2575f5ffd5b81356001600160a01b03811681146104b8575f5ffd5b9392505050565b808201808211156104de57634e487b7160e01b5f52601160045260245ffd5b9291505056fe9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00a264697066735822122068a0e75c09441a8917c3d6e3ec7316ee4e981812af890786946828a2d93524ec64736f6c63430008250033",
}

// StakingVault is an auto generated Go binding around an Ethereum contract.
type StakingVault struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *StakingVault) GetABI() abi.ABI {
	return c.abi
}

// NewStakingVault creates a new instance of StakingVault.
func NewStakingVault() *StakingVault {
	parsed, err := StakingVaultMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &StakingVault{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *StakingVault) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address token_) returns()
func (stakingVault *StakingVault) PackConstructor(token_ common.Address) []byte {
	enc, err := stakingVault.abi.Pack("", token_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackStake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa694fc3a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function stake(uint256 amount) returns()
func (stakingVault *StakingVault) PackStake(amount *big.Int) []byte {
	enc, err := stakingVault.abi.Pack("stake", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa694fc3a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function stake(uint256 amount) returns()
func (stakingVault *StakingVault) TryPackStake(amount *big.Int) ([]byte, error) {
	return stakingVault.abi.Pack("stake", amount)
}

// PackStakedOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaf500ba3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function stakedOf(address user) view returns(uint256)
func (stakingVault *StakingVault) PackStakedOf(user common.Address) []byte {
	enc, err := stakingVault.abi.Pack("stakedOf", user)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStakedOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaf500ba3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function stakedOf(address user) view returns(uint256)
func (stakingVault *StakingVault) TryPackStakedOf(user common.Address) ([]byte, error) {
	return stakingVault.abi.Pack("stakedOf", user)
}

// UnpackStakedOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xaf500ba3.
//
// Solidity: function stakedOf(address user) view returns(uint256)
func (stakingVault *StakingVault) UnpackStakedOf(data []byte) (*big.Int, error) {
	out, err := stakingVault.abi.Unpack("stakedOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function token() view returns(address)
func (stakingVault *StakingVault) PackToken() []byte {
	enc, err := stakingVault.abi.Pack("token")
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
func (stakingVault *StakingVault) TryPackToken() ([]byte, error) {
	return stakingVault.abi.Pack("token")
}

// UnpackToken is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfc0c546a.
//
// Solidity: function token() view returns(address)
func (stakingVault *StakingVault) UnpackToken(data []byte) (common.Address, error) {
	out, err := stakingVault.abi.Unpack("token", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackTotalStaked is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x817b1cd2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalStaked() view returns(uint256)
func (stakingVault *StakingVault) PackTotalStaked() []byte {
	enc, err := stakingVault.abi.Pack("totalStaked")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalStaked is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x817b1cd2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalStaked() view returns(uint256)
func (stakingVault *StakingVault) TryPackTotalStaked() ([]byte, error) {
	return stakingVault.abi.Pack("totalStaked")
}

// UnpackTotalStaked is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x817b1cd2.
//
// Solidity: function totalStaked() view returns(uint256)
func (stakingVault *StakingVault) UnpackTotalStaked(data []byte) (*big.Int, error) {
	out, err := stakingVault.abi.Unpack("totalStaked", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackUnstake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2e17de78.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function unstake(uint256 amount) returns()
func (stakingVault *StakingVault) PackUnstake(amount *big.Int) []byte {
	enc, err := stakingVault.abi.Pack("unstake", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUnstake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2e17de78.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function unstake(uint256 amount) returns()
func (stakingVault *StakingVault) TryPackUnstake(amount *big.Int) ([]byte, error) {
	return stakingVault.abi.Pack("unstake", amount)
}

// StakingVaultStaked represents a Staked event raised by the StakingVault contract.
type StakingVaultStaked struct {
	User   common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const StakingVaultStakedEventName = "Staked"

// ContractEventName returns the user-defined event name.
func (StakingVaultStaked) ContractEventName() string {
	return StakingVaultStakedEventName
}

// UnpackStakedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Staked(address indexed user, uint256 amount)
func (stakingVault *StakingVault) UnpackStakedEvent(log *types.Log) (*StakingVaultStaked, error) {
	event := "Staked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != stakingVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(StakingVaultStaked)
	if len(log.Data) > 0 {
		if err := stakingVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range stakingVault.abi.Events[event].Inputs {
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

// StakingVaultUnstaked represents a Unstaked event raised by the StakingVault contract.
type StakingVaultUnstaked struct {
	User   common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const StakingVaultUnstakedEventName = "Unstaked"

// ContractEventName returns the user-defined event name.
func (StakingVaultUnstaked) ContractEventName() string {
	return StakingVaultUnstakedEventName
}

// UnpackUnstakedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Unstaked(address indexed user, uint256 amount)
func (stakingVault *StakingVault) UnpackUnstakedEvent(log *types.Log) (*StakingVaultUnstaked, error) {
	event := "Unstaked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != stakingVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(StakingVaultUnstaked)
	if len(log.Data) > 0 {
		if err := stakingVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range stakingVault.abi.Events[event].Inputs {
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
func (stakingVault *StakingVault) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], stakingVault.abi.Errors["InsufficientStake"].ID.Bytes()[:4]) {
		return stakingVault.UnpackInsufficientStakeError(raw[4:])
	}
	if bytes.Equal(raw[:4], stakingVault.abi.Errors["ReentrancyGuardReentrantCall"].ID.Bytes()[:4]) {
		return stakingVault.UnpackReentrancyGuardReentrantCallError(raw[4:])
	}
	if bytes.Equal(raw[:4], stakingVault.abi.Errors["SafeERC20FailedOperation"].ID.Bytes()[:4]) {
		return stakingVault.UnpackSafeERC20FailedOperationError(raw[4:])
	}
	if bytes.Equal(raw[:4], stakingVault.abi.Errors["ZeroAmount"].ID.Bytes()[:4]) {
		return stakingVault.UnpackZeroAmountError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// StakingVaultInsufficientStake represents a InsufficientStake error raised by the StakingVault contract.
type StakingVaultInsufficientStake struct {
	Staked    *big.Int
	Requested *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InsufficientStake(uint256 staked, uint256 requested)
func StakingVaultInsufficientStakeErrorID() common.Hash {
	return common.HexToHash("0x45be0a261a88f9fedc41221879f08865d5e8d6053c877967e6e8e39e5697e6d5")
}

// UnpackInsufficientStakeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InsufficientStake(uint256 staked, uint256 requested)
func (stakingVault *StakingVault) UnpackInsufficientStakeError(raw []byte) (*StakingVaultInsufficientStake, error) {
	out := new(StakingVaultInsufficientStake)
	if err := stakingVault.abi.UnpackIntoInterface(out, "InsufficientStake", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// StakingVaultReentrancyGuardReentrantCall represents a ReentrancyGuardReentrantCall error raised by the StakingVault contract.
type StakingVaultReentrancyGuardReentrantCall struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ReentrancyGuardReentrantCall()
func StakingVaultReentrancyGuardReentrantCallErrorID() common.Hash {
	return common.HexToHash("0x3ee5aeb571de7fc460830b4d0017439a1ca56fb0bc39062227ade4fe4a24c1ca")
}

// UnpackReentrancyGuardReentrantCallError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ReentrancyGuardReentrantCall()
func (stakingVault *StakingVault) UnpackReentrancyGuardReentrantCallError(raw []byte) (*StakingVaultReentrancyGuardReentrantCall, error) {
	out := new(StakingVaultReentrancyGuardReentrantCall)
	if err := stakingVault.abi.UnpackIntoInterface(out, "ReentrancyGuardReentrantCall", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// StakingVaultSafeERC20FailedOperation represents a SafeERC20FailedOperation error raised by the StakingVault contract.
type StakingVaultSafeERC20FailedOperation struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SafeERC20FailedOperation(address token)
func StakingVaultSafeERC20FailedOperationErrorID() common.Hash {
	return common.HexToHash("0x5274afe73c98b4749fc91ffae6b7b574e7842cb2144a159e9377a5f20b32edf9")
}

// UnpackSafeERC20FailedOperationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SafeERC20FailedOperation(address token)
func (stakingVault *StakingVault) UnpackSafeERC20FailedOperationError(raw []byte) (*StakingVaultSafeERC20FailedOperation, error) {
	out := new(StakingVaultSafeERC20FailedOperation)
	if err := stakingVault.abi.UnpackIntoInterface(out, "SafeERC20FailedOperation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// StakingVaultZeroAmount represents a ZeroAmount error raised by the StakingVault contract.
type StakingVaultZeroAmount struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAmount()
func StakingVaultZeroAmountErrorID() common.Hash {
	return common.HexToHash("0x1f2a2005cb66a8e145327e8814e243a0996aec9bfe1e15a495778b1236dbd485")
}

// UnpackZeroAmountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAmount()
func (stakingVault *StakingVault) UnpackZeroAmountError(raw []byte) (*StakingVaultZeroAmount, error) {
	out := new(StakingVaultZeroAmount)
	if err := stakingVault.abi.UnpackIntoInterface(out, "ZeroAmount", raw); err != nil {
		return nil, err
	}
	return out, nil
}
