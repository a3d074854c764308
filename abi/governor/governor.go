// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package governor

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

// BeckonGovernorMetaData contains all meta data concerning the BeckonGovernor contract.
var BeckonGovernorMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIVotes\",\"name\":\"token_\",\"type\":\"address\"},{\"internalType\":\"uint48\",\"name\":\"votingDelay_\",\"type\":\"uint48\"},{\"internalType\":\"uint32\",\"name\":\"votingPeriod_\",\"type\":\"uint32\"},{\"internalType\":\"uint256\",\"name\":\"quorumPercent_\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"CheckpointUnorderedInsertion\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ERC6372InconsistentClock\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"FailedCall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"voter\",\"type\":\"address\"}],\"name\":\"GovernorAlreadyCastVote\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"}],\"name\":\"GovernorAlreadyQueuedProposal\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"GovernorDisabledDeposit\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"proposer\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"votes\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"threshold\",\"type\":\"uint256\"}],\"name\":\"GovernorInsufficientProposerVotes\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"targets\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"calldatas\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"values\",\"type\":\"uint256\"}],\"name\":\"GovernorInvalidProposalLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"quorumNumerator\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"quorumDenominator\",\"type\":\"uint256\"}],\"name\":\"GovernorInvalidQuorumFraction\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"voter\",\"type\":\"address\"}],\"name\":\"GovernorInvalidSignature\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"GovernorInvalidVoteParams\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"GovernorInvalidVoteType\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"votingPeriod\",\"type\":\"uint256\"}],\"name\":\"GovernorInvalidVotingPeriod\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"}],\"name\":\"GovernorNonexistentProposal\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"GovernorOnlyExecutor\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"}],\"name\":\"GovernorProposalQueueingFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"}],\"name\":\"GovernorProposalQueueingNotRequired\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"proposer\",\"type\":\"address\"}],\"name\":\"GovernorRestrictedProposer\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"GovernorUnableToCancel\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"},{\"internalType\":\"enumIGovernor.ProposalState\",\"name\":\"current\",\"type\":\"uint8\"},{\"internalType\":\"bytes32\",\"name\":\"expectedStates\",\"type\":\"bytes32\"}],\"name\":\"GovernorUnexpectedProposalState\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"currentNonce\",\"type\":\"uint256\"}],\"name\":\"InvalidAccountNonce\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidShortString\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"bits\",\"type\":\"uint8\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"SafeCastOverflowedUintDowncast\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"str\",\"type\":\"string\"}],\"name\":\"StringTooLong\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[],\"name\":\"EIP712DomainChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"}],\"name\":\"ProposalCanceled\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"proposer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address[]\",\"name\":\"targets\",\"type\":\"address[]\"},{\"indexed\":false,\"internalType\":\"uint256[]\",\"name\":\"values\",\"type\":\"uint256[]\"},{\"indexed\":false,\"internalType\":\"string[]\",\"name\":\"signatures\",\"type\":\"string[]\"},{\"indexed\":false,\"internalType\":\"bytes[]\",\"name\":\"calldatas\",\"type\":\"bytes[]\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"voteStart\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"voteEnd\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"description\",\"type\":\"string\"}],\"name\":\"ProposalCreated\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"}],\"name\":\"ProposalExecuted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"etaSeconds\",\"type\":\"uint256\"}],\"name\":\"ProposalQueued\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"oldProposalThreshold\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"newProposalThreshold\",\"type\":\"uint256\"}],\"name\":\"ProposalThresholdSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"oldQuorumNumerator\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"newQuorumNumerator\",\"type\":\"uint256\"}],\"name\":\"QuorumNumeratorUpdated\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"voter\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"support\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"weight\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"}],\"name\":\"VoteCast\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"voter\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"support\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"weight\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"params\",\"type\":\"bytes\"}],\"name\":\"VoteCastWithParams\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"oldVotingDelay\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"newVotingDelay\",\"type\":\"uint256\"}],\"name\":\"VotingDelaySet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"oldVotingPeriod\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"newVotingPeriod\",\"type\":\"uint256\"}],\"name\":\"VotingPeriodSet\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"BALLOT_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"CLOCK_MODE\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"COUNTING_MODE\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"EXTENDED_BALLOT_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"targets\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"values\",\"type\":\"uint256[]\"},{\"internalType\":\"bytes[]\",\"name\":\"calldatas\",\"type\":\"bytes[]\"},{\"internalType\":\"bytes32\",\"name\":\"descriptionHash\",\"type\":\"bytes32\"}],\"name\":\"cancel\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"},{\"internalType\":\"uint8\",\"name\":\"support\",\"type\":\"uint8\"}],\"name\":\"castVote\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"},{\"internalType\":\"uint8\",\"name\":\"support\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"voter\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"signature\",\"type\":\"bytes\"}],\"name\":\"castVoteBySig\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"},{\"internalType\":\"uint8\",\"name\":\"support\",\"type\":\"uint8\"},{\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"}],\"name\":\"castVoteWithReason\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"},{\"internalType\":\"uint8\",\"name\":\"support\",\"type\":\"uint8\"},{\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"},{\"internalType\":\"bytes\",\"name\":\"params\",\"type\":\"bytes\"}],\"name\":\"castVoteWithReasonAndParams\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"},{\"internalType\":\"uint8\",\"name\":\"support\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"voter\",\"type\":\"address\"},{\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"},{\"internalType\":\"bytes\",\"name\":\"params\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"signature\",\"type\":\"bytes\"}],\"name\":\"castVoteWithReasonAndParamsBySig\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"clock\",\"outputs\":[{\"internalType\":\"uint48\",\"name\":\"\",\"type\":\"uint48\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"eip712Domain\",\"outputs\":[{\"internalType\":\"bytes1\",\"name\":\"fields\",\"type\":\"bytes1\"},{\"internalType\":\"string\",\"name\":\"name\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"version\",\"type\":\"string\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"verifyingContract\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"salt\",\"type\":\"bytes32\"},{\"internalType\":\"uint256[]\",\"name\":\"extensions\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"targets\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"values\",\"type\":\"uint256[]\"},{\"internalType\":\"bytes[]\",\"name\":\"calldatas\",\"type\":\"bytes[]\"},{\"internalType\":\"bytes32\",\"name\":\"descriptionHash\",\"type\":\"bytes32\"}],\"name\":\"execute\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"targets\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"values\",\"type\":\"uint256[]\"},{\"internalType\":\"bytes[]\",\"name\":\"calldatas\",\"type\":\"bytes[]\"},{\"internalType\":\"bytes32\",\"name\":\"descriptionHash\",\"type\":\"bytes32\"}],\"name\":\"getProposalId\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"timepoint\",\"type\":\"uint256\"}],\"name\":\"getVotes\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"timepoint\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"params\",\"type\":\"bytes\"}],\"name\":\"getVotesWithParams\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"hasVoted\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"targets\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"values\",\"type\":\"uint256[]\"},{\"internalType\":\"bytes[]\",\"name\":\"calldatas\",\"type\":\"bytes[]\"},{\"internalType\":\"bytes32\",\"name\":\"descriptionHash\",\"type\":\"bytes32\"}],\"name\":\"hashProposal\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"nonces\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"uint256[]\",\"name\":\"\",\"type\":\"uint256[]\"},{\"internalType\":\"uint256[]\",\"name\":\"\",\"type\":\"uint256[]\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"name\":\"onERC1155BatchReceived\",\"outputs\":[{\"internalType\":\"bytes4\",\"name\":\"\",\"type\":\"bytes4\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"name\":\"onERC1155Received\",\"outputs\":[{\"internalType\":\"bytes4\",\"name\":\"\",\"type\":\"bytes4\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"name\":\"onERC721Received\",\"outputs\":[{\"internalType\":\"bytes4\",\"name\":\"\",\"type\":\"bytes4\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"}],\"name\":\"proposalDeadline\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"}],\"name\":\"proposalEta\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"proposalNeedsQueuing\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"}],\"name\":\"proposalProposer\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"}],\"name\":\"proposalSnapshot\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"proposalThreshold\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"}],\"name\":\"proposalVotes\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"againstVotes\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"forVotes\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"abstainVotes\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"targets\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"values\",\"type\":\"uint256[]\"},{\"internalType\":\"bytes[]\",\"name\":\"calldatas\",\"type\":\"bytes[]\"},{\"internalType\":\"string\",\"name\":\"description\",\"type\":\"string\"}],\"name\":\"propose\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"targets\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"values\",\"type\":\"uint256[]\"},{\"internalType\":\"bytes[]\",\"name\":\"calldatas\",\"type\":\"bytes[]\"},{\"internalType\":\"bytes32\",\"name\":\"descriptionHash\",\"type\":\"bytes32\"}],\"name\":\"queue\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"timepoint\",\"type\":\"uint256\"}],\"name\":\"quorum\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"quorumDenominator\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"timepoint\",\"type\":\"uint256\"}],\"name\":\"quorumNumerator\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"quorumNumerator\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"target\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"relay\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"newProposalThreshold\",\"type\":\"uint256\"}],\"name\":\"setProposalThreshold\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint48\",\"name\":\"newVotingDelay\",\"type\":\"uint48\"}],\"name\":\"setVotingDelay\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"newVotingPeriod\",\"type\":\"uint32\"}],\"name\":\"setVotingPeriod\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proposalId\",\"type\":\"uint256\"}],\"name\":\"state\",\"outputs\":[{\"internalType\":\"enumIGovernor.ProposalState\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token\",\"outputs\":[{\"internalType\":\"contractIERC5805\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"newQuorumNumerator\",\"type\":\"uint256\"}],\"name\":\"updateQuorumNumerator\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"version\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"votingDelay\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"votingPeriod\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"stateMutability\":\"payable\",\"type\":\"receive\"}]",
	ID:  "BeckonGovernor",
	Bin: "0x610180604052348015610010575f5ffd5b5060405161454a38038061454a83398101604081905261002f91610678565b808484845f6040518060400160405280600f81526020016e2132b1b5b7b71023b7bb32b93737b960891b8152508061006b61016360201b60201c565b6100748261017e565b610120526100818161017e565b61014052815160208084019190912060e052815190820120610100524660a05261010d60e05161010051604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201529081019290925260608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b60805250503060c0526003610122828261077a565b5061012e9050836101c4565b6101378261022a565b610140816102c9565b5050506001600160a01b0316610160526101598161030a565b50505050506108ce565b6040805180820190915260018152603160f81b602082015290565b5f5f829050601f815111156101b1578260405163305a27a960e01b81526004016101a89190610838565b60405180910390fd5b80516101bc8261086d565b179392505050565b6008546040805165ffffffffffff928316815291831660208301527fc565b045403dc03c2eea82b81a0465edad9e2e7fc4d97e11421c209da93d7a93910160405180910390a16008805465ffffffffffff191665ffffffffffff92909216919091179055565b8063ffffffff165f036102525760405163f1cfbf0560e01b81525f60048201526024016101a8565b6008546040805163ffffffff66010000000000009093048316815291831660208301527f7e3f7f0708a84de9203036abaa450dccc85ad5ff52f78c170f3edb55cf5e8828910160405180910390a16008805463ffffffff90921666010000000000000263ffffffff60301b19909216919091179055565b60075460408051918252602082018390527fccb45da8d5717e6c4544694297c4ba5cf151d455c9bb0ed4fc7a38411bc05461910160405180910390a1600755565b6064808211156103375760405163243e544560e01b815260048101839052602481018290526044016101a8565b5f61034061039f565b905061035f61034d6103b8565b61035685610432565b600a9190610469565b505060408051828152602081018590527f0553476bf02ef2726e8ce5ced78d63e26e602e4a2257b1f559418e24b4633997910160405180910390a1505050565b5f6103aa600a610483565b6001600160d01b0316905090565b5f6103c36101605190565b6001600160a01b03166391ddadf46040518163ffffffff1660e01b8152600401602060405180830381865afa92505050801561041c575060408051601f3d908101601f1916820190925261041991810190610890565b60015b61042d576104286104cb565b905090565b919050565b5f6001600160d01b03821115610465576040516306dfcc6560e41b815260d06004820152602481018390526044016101a8565b5090565b5f806104768585856104d5565b915091505b935093915050565b80545f9080156104c2576104a98361049c6001846108a9565b5f91825260209091200190565b54660100000000000090046001600160d01b03166104c4565b5f5b9392505050565b5f61042843610631565b82545f90819080156105d4575f6104f18761049c6001856108a9565b805490915065ffffffffffff80821691660100000000000090046001600160d01b031690881682111561053757604051632520601d60e01b815260040160405180910390fd5b8765ffffffffffff168265ffffffffffff160361057357825465ffffffffffff1666010000000000006001600160d01b038916021783556105c6565b6040805180820190915265ffffffffffff808a1682526001600160d01b03808a1660208085019182528d54600181018f555f8f815291909120945191519092166601000000000000029216919091179101555b945085935061047b92505050565b50506040805180820190915265ffffffffffff80851682526001600160d01b0380851660208085019182528854600181018a555f8a815291822095519251909316660100000000000002919093161792019190915590508161047b565b5f65ffffffffffff821115610465576040516306dfcc6560e41b815260306004820152602481018390526044016101a8565b805165ffffffffffff8116811461042d575f5ffd5b5f5f5f5f6080858703121561068b575f5ffd5b84516001600160a01b03811681146106a1575f5ffd5b93506106af60208601610663565b9250604085015163ffffffff811681146106c7575f5ffd5b6060959095015193969295505050565b634e487b7160e01b5f52604160045260245ffd5b600181811c908216806106ff57607f821691505b60208210810361071d57634e487b7160e01b5f52602260045260245ffd5b50919050565b601f821115610775578282111561077557805f5260205f20601f840160051c602085101561074e57505f5b90810190601f840160051c035f5b81811015610771575f8382015560010161075c565b5050505b505050565b81516001600160401b03811115610793576107936106d7565b6107a7816107a184546106eb565b84610723565b6020601f8211600181146107d9575f83156107c25750848201515b5f19600385901b1c1916600184901b178455610831565b5f84815260208120601f198516915b8281101561080857878501518255602094850194600190920191016107e8565b508482101561082557868401515f19600387901b60f8161c191681555b505060018360011b0184555b5050505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b8051602080830151919081101561071d575f1960209190910360031b1b16919050565b5f602082840312156108a0575f5ffd5b6104c482610663565b818103818111156108c857634e487b7160e01b5f52601160045260245ffd5b92915050565b60805160a05160c05160e05161010051610120516101405161016051613c056109455f395f818161095401528181610de20152818161118201528181611d090152611f1b01525f611c4f01525f611c2401525f61281b01525f6127f301525f61274e01525f61277801525f6127a20152613c055ff3fe608060405260043610610283575f3560e01c80637d5e81e211610155578063bc197c81116100be578063e540d01d11610078578063e540d01d1461089f578063eb9019d4146108be578063ece40cc1146108dd578063f23a6e61146108fc578063f8ce560a14610927578063fc0c546a14610946575f5ffd5b8063bc197c81146107ab578063c01f9e37146107d6578063c28bc2fa146107f5578063c59057e414610808578063dd4e2ba514610827578063deaaa7cc1461086c575f5ffd5b80639a802a6d1161010f5780639a802a6d146106f0578063a7713a701461070f578063a8f8a66814610723578063a9a9529414610742578063ab58fb8e14610761578063b58131b014610797575f5ffd5b80637d5e81e2146106195780637ecebe001461063857806384b0196e1461066c5780638ff262e31461069357806391ddadf4146106b257806397c3d334146106dd575f5ffd5b80633e4f49e6116101f757806356781388116101b1578063567813881461055f5780635b8d0e0d1461057e5780635f398a141461059d57806360c4247f146105bc57806379051887146105db5780637b3c71d3146105fa575f5ffd5b80633e4f49e6146104555780634385963214610481578063452115d6146104c95780634bf5d7e9146104e8578063544ffc9c146104fc57806354fd4d5014610536575f5ffd5b8063150b7a0211610248578063150b7a021461037a578063160cbed7146103bd5780632656227d146103dc5780632d63f693146103ef5780632fe3e2611461040e5780633932abb114610441575f5ffd5b806301ffc9a71461028f57806302a251a3146102c357806306f3f9e6146102ee57806306fdde031461030d578063143489d01461032e575f5ffd5b3661028b575b005b5f5ffd5b34801561029a575f5ffd5b506102ae6102a9366004612d0b565b610978565b60405190151581526020015b60405180910390f35b3480156102ce575f5ffd5b50600854600160301b900463ffffffff165b6040519081526020016102ba565b3480156102f9575f5ffd5b50610289610308366004612d32565b6109e9565b348015610318575f5ffd5b506103216109fd565b6040516102ba9190612d77565b348015610339575f5ffd5b50610362610348366004612d32565b5f908152600460205260409020546001600160a01b031690565b6040516001600160a01b0390911681526020016102ba565b348015610385575f5ffd5b506103a4610394366004612e62565b630a85bd0160e11b949350505050565b6040516001600160e01b031990911681526020016102ba565b3480156103c8575f5ffd5b506102e06103d736600461302c565b610a8d565b6102e06103ea36600461302c565b610b01565b3480156103fa575f5ffd5b506102e0610409366004612d32565b610c1a565b348015610419575f5ffd5b506102e07f3e83946653575f9a39005e1545185629e92736b7528ab20ca3816f315424a81181565b34801561044c575f5ffd5b506102e0610c3a565b348015610460575f5ffd5b5061047461046f366004612d32565b610c4c565b6040516102ba91906130f3565b34801561048c575f5ffd5b506102ae61049b366004613101565b5f8281526009602090815260408083206001600160a01b038516845260030190915290205460ff1692915050565b3480156104d4575f5ffd5b506102e06104e336600461302c565b610d7d565b3480156104f3575f5ffd5b50610321610dde565b348015610507575f5ffd5b5061051b610516366004612d32565b610e71565b604080519384526020840192909252908201526060016102ba565b348015610541575f5ffd5b506040805180820190915260018152603160f81b6020820152610321565b34801561056a575f5ffd5b506102e061057936600461313b565b610e96565b348015610589575f5ffd5b506102e06105983660046131a0565b610ebd565b3480156105a8575f5ffd5b506102e06105b736600461325a565b610f7a565b3480156105c7575f5ffd5b506102e06105d6366004612d32565b610fc2565b3480156105e6575f5ffd5b506102896105f53660046132ee565b610fce565b348015610605575f5ffd5b506102e0610614366004613309565b610fdf565b348015610624575f5ffd5b506102e061063336600461335e565b61102f565b348015610643575f5ffd5b506102e061065236600461341a565b6001600160a01b03165f9081526002602052604090205490565b348015610677575f5ffd5b506106806110e5565b6040516102ba979695949392919061346d565b34801561069e575f5ffd5b506102e06106ad3660046134dc565b611127565b3480156106bd575f5ffd5b506106c661117f565b60405165ffffffffffff90911681526020016102ba565b3480156106e8575f5ffd5b5060646102e0565b3480156106fb575f5ffd5b506102e061070a366004613527565b611206565b34801561071a575f5ffd5b506102e061121c565b34801561072e575f5ffd5b506102e061073d36600461302c565b611235565b34801561074d575f5ffd5b506102ae61075c366004612d32565b505f90565b34801561076c575f5ffd5b506102e061077b366004612d32565b5f9081526004602052604090206001015465ffffffffffff1690565b3480156107a2575f5ffd5b506102e0611242565b3480156107b6575f5ffd5b506103a46107c5366004613579565b63bc197c8160e01b95945050505050565b3480156107e1575f5ffd5b506102e06107f0366004612d32565b61124c565b61028961080336600461360c565b61128e565b348015610813575f5ffd5b506102e061082236600461302c565b61130a565b348015610832575f5ffd5b506040805180820190915260208082527f737570706f72743d627261766f2671756f72756d3d666f722c6162737461696e90820152610321565b348015610877575f5ffd5b506102e07ff2aad550cf55f045cb27e9c559f9889fdfb6e6cdaa032301d6ea397784ae51d781565b3480156108aa575f5ffd5b506102896108b9366004613649565b611343565b3480156108c9575f5ffd5b506102e06108d836600461366c565b611354565b3480156108e8575f5ffd5b506102896108f7366004612d32565b611373565b348015610907575f5ffd5b506103a4610916366004613694565b63f23a6e6160e01b95945050505050565b348015610932575f5ffd5b506102e0610941366004612d32565b611384565b348015610951575f5ffd5b507f0000000000000000000000000000000000000000000000000000000000000000610362565b5f6001600160e01b031982166366defe7760e11b14806109a857506001600160e01b031982166332a2ad4360e11b145b806109c357506001600160e01b03198216630271189760e51b145b806109de57506301ffc9a760e01b6001600160e01b03198316145b92915050565b905090565b6109f161138e565b6109fa816113c5565b50565b606060038054610a0c906136e7565b80601f0160208091040260200160405190810160405280929190818152602001828054610a38906136e7565b8015610a835780601f10610a5a57610100808354040283529160200191610a83565b820191905f5260205f20905b815481529060010190602001808311610a6657829003601f168201915b5050505050905090565b5f5f610a9b86868686611235565b90505f610ab182610aac600461145a565b61147c565b5080610ad85760405163d838bcb760e01b8152600481018390526024015b60405180910390fd5b5f60405163ab2d031160e01b815260048101849052602401610acf565b50909695505050505050565b5f5f610b0f86868686611235565b90505f610b2082610aac600461145a565b505f828152600460205260409020805460ff60f01b1916600160f01b17905530610b473090565b6001600160a01b031614610bd0575f5b8751811015610bce57306001600160a01b0316888281518110610b7c57610b7c61371f565b60200260200101516001600160a01b031603610bc657610bc6868281518110610ba757610ba761371f565b60200260200101518051906020012060056114b990919063ffffffff16565b600101610b57565b505b610bdd82888888886114da565b6040518281527f712ae1383f79ac853f8d882153778e0260ef8f03b504e2866e0593e04d2b291f9060200160405180910390a15095945050505050565b5f90815260046020526040902054600160a01b900465ffffffffffff1690565b5f6109e460085465ffffffffffff1690565b5f818152600460205260408120805460ff600160f01b8204811691600160f81b9004168115610c8057506007949350505050565b8015610c9157506002949350505050565b5f610c9b86610c1a565b9050805f03610cc057604051636ad0607560e01b815260048101879052602401610acf565b5f610cc961117f565b65ffffffffffff169050808210610ce657505f9695505050505050565b5f610cf08861124c565b9050818110610d0757506001979650505050505050565b610d10886115af565b1580610d2f57505f888152600960205260409020805460019091015411155b15610d4257506003979650505050505050565b5f8881526004602052604090206001015465ffffffffffff165f03610d6f57506004979650505050505050565b506005979650505050505050565b5f5f610d8b86868686611235565b905033610d9882826115e5565b610dc757604051638fe5d8a960e01b8152600481018390526001600160a01b0382166024820152604401610acf565b610dd38787878761162a565b979650505050505050565b60607f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316634bf5d7e96040518163ffffffff1660e01b81526004015f60405180830381865afa925050508015610e5d57506040513d5f823e601f3d908101601f19168201604052610e5a9190810190613733565b60015b610e6c576109e461117f6116ea565b919050565b5f818152600960205260409020805460018201546002909201549091905b9193909250565b5f80339050610eb584828560405180602001604052805f815250611700565b949350505050565b5f610f0388888888888080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920191909152508a92508991506117219050565b610f2b576040516394ab6c0760e01b81526001600160a01b0387166004820152602401610acf565b610f6e88878988888080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920191909152508a92506117ee915050565b98975050505050505050565b5f80339050610dd387828888888080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920191909152508a92506117ee915050565b5f6109de600a836118cc565b610fd661138e565b6109fa81611919565b5f8033905061102586828787878080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525061170092505050565b9695505050505050565b5f3361103b818461197f565b6110635760405163d9b3955760e01b81526001600160a01b0382166004820152602401610acf565b5f61106c611242565b905080156110d8575f61109a83600161108361117f565b61108d91906137bb565b65ffffffffffff16611354565b9050818110156110d657604051636121770b60e11b81526001600160a01b03841660048201526024810182905260448101839052606401610acf565b505b610dd38787878786611a03565b5f6060805f5f5f60606110f6611c1d565b6110fe611c48565b604080515f80825260208201909252600f60f81b9b939a50919850469750309650945092509050565b5f61113485858585611c73565b61115c576040516394ab6c0760e01b81526001600160a01b0384166004820152602401610acf565b61117685848660405180602001604052805f815250611700565b95945050505050565b5f7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03166391ddadf46040518163ffffffff1660e01b8152600401602060405180830381865afa9250505080156111fa575060408051601f3d908101601f191682019092526111f7918101906137d9565b60015b610e6c576109e4611cfc565b5f611212848484611d06565b90505b9392505050565b5f611227600a611d99565b6001600160d01b0316905090565b5f6111768585858561130a565b5f6109e460075490565b5f8181526004602052604081205461128090600160d01b810463ffffffff1690600160a01b900465ffffffffffff166137f4565b65ffffffffffff1692915050565b61129661138e565b5f5f856001600160a01b03168585856040516112b3929190613812565b5f6040518083038185875af1925050503d805f81146112ed576040519150601f19603f3d011682016040523d82523d5f602084013e6112f2565b606091505b50915091506113018282611ddd565b50505050505050565b5f8484848460405160200161132294939291906138a8565b60408051601f19818403018152919052805160209091012095945050505050565b61134b61138e565b6109fa81611e1a565b5f611215838361136e60408051602081019091525f815290565b611d06565b61137b61138e565b6109fa81611eb6565b5f6109de82611ef7565b3033146113b0576040516347096e4760e01b8152336004820152602401610acf565b565b806113bd6005611f94565b036113b25750565b6064808211156113f25760405163243e544560e01b81526004810183905260248101829052604401610acf565b5f6113fb61121c565b905061141a61140861117f565b61141185611fb3565b600a9190611fea565b505060408051828152602081018590527f0553476bf02ef2726e8ce5ced78d63e26e602e4a2257b1f559418e24b4633997910160405180910390a1505050565b5f81600781111561146d5761146d6130bf565b600160ff919091161b92915050565b5f5f61148784610c4c565b90505f836114948361145a565b1603611215578381846040516331b75e4d60e01b8152600401610acf939291906138f2565b5f6114c48383612004565b9050806114d5576114d56041612069565b505050565b5f5b84518110156115a7575f5f8683815181106114f9576114f961371f565b60200260200101516001600160a01b031686848151811061151c5761151c61371f565b60200260200101518685815181106115365761153661371f565b602002602001015160405161154b9190613914565b5f6040518083038185875af1925050503d805f8114611585576040519150601f19603f3d011682016040523d82523d5f602084013e61158a565b606091505b50915091506115998282611ddd565b5050508060010190506114dc565b505050505050565b5f818152600960205260408120600281015460018201546115d0919061392a565b6115dc61094185610c1a565b11159392505050565b5f806115f084610c4c565b6007811115611601576116016130bf565b1480156112155750505f91825260046020526040909120546001600160a01b0391821691161490565b5f5f61163886868686611235565b905061168681611648600761145a565b611652600661145a565b61165c600261145a565b600161166960078261393d565b611674906002613a31565b61167e9190613a3f565b18181861147c565b505f818152600460205260409081902080546001600160f81b0316600160f81b179055517f789cf55be980739dad1d0699b93b58e806b51c9d96619bfa8fe0a28abaa7b30c906116d99083815260200190565b60405180910390a195945050505050565b60606109de6116fb8363ffffffff16565b61207a565b5f6111768585858561171c60408051602081019091525f815290565b6117ee565b5f610dd3856117e87f3e83946653575f9a39005e1545185629e92736b7528ab20ca3816f315424a8118a8a8a6117738c6001600160a01b03165f90815260026020526040902080546001810190915590565b8b516020808e01919091208c518d8301206040516117cd98979695949301968752602087019590955260ff9390931660408601526001600160a01b03919091166060850152608084015260a083015260c082015260e00190565b604051602081830303815290604052805190602001206120ec565b84612118565b5f6117fd86610aac600161145a565b505f6118128661180c89610c1a565b85611d06565b90505f6118228888888588612188565b905083515f0361187857866001600160a01b03167fb8e138887d0aa13bab447e82de9d5c1777041ecd21ca36ba824ff1e6c07ddda48988848960405161186b9493929190613a52565b60405180910390a2610dd3565b866001600160a01b03167fe2babfbac5889a709b63bb7f598b324e08bc5a4fb9ec647fb3cbc9ec07eb871289888489896040516118b9959493929190613a79565b60405180910390a2979650505050505050565b5f5f5f6118d885612284565b9250925050838265ffffffffffff161115611905576119006118f9856122dc565b869061230e565b611907565b805b6001600160d01b031695945050505050565b6008546040805165ffffffffffff928316815291831660208301527fc565b045403dc03c2eea82b81a0465edad9e2e7fc4d97e11421c209da93d7a93910160405180910390a16008805465ffffffffffff191665ffffffffffff92909216919091179055565b80515f9060348110156119965760019150506109de565b60131981840101516001600160b01b03198116692370726f706f7365723d60b01b146119c7576001925050506109de565b5f5f6119d786602a8603866123b0565b91509150811580610dd35750866001600160a01b0316816001600160a01b031614979650505050505050565b5f611a178686868680519060200120611235565b905084518651141580611a2c57508351865114155b80611a3657508551155b15611a6b57855184518651604051630447b05d60e41b8152600481019390935260248301919091526044820152606401610acf565b5f81815260046020526040902054600160a01b900465ffffffffffff1615611ab45780611a9782610c4c565b6040516331b75e4d60e01b8152610acf9291905f906004016138f2565b5f611abd610c3a565b611ac561117f565b65ffffffffffff16611ad7919061392a565b90505f611af160085463ffffffff600160301b9091041690565b5f84815260046020526040902080546001600160a01b0319166001600160a01b038716178155909150611b23836122dc565b815465ffffffffffff91909116600160a01b0265ffffffffffff60a01b19909116178155611b5082612459565b815463ffffffff91909116600160d01b0263ffffffff60d01b1990911617815588517f7d84a6263ae0d98d3329bd7b46bb4e8d6f98cd35a7adb45c274c8b7fd5ebd5e090859087908c908c906001600160401b03811115611bb357611bb3612d9f565b604051908082528060200260200182016040528015611be657816020015b6060815260200190600190039081611bd15790505b508c89611bf38a8261392a565b8e604051611c0999989796959493929190613ab2565b60405180910390a150505095945050505050565b60606109e47f0000000000000000000000000000000000000000000000000000000000000000612489565b60606109e47f0000000000000000000000000000000000000000000000000000000000000000612489565b5f611176836117e87ff2aad550cf55f045cb27e9c559f9889fdfb6e6cdaa032301d6ea397784ae51d7888888611cc58a6001600160a01b03165f90815260026020526040902080546001810190915590565b60408051602081019690965285019390935260ff90911660608401526001600160a01b0316608083015260a082015260c0016117cd565b5f6109e4436122dc565b5f7f0000000000000000000000000000000000000000000000000000000000000000604051630748d63560e31b81526001600160a01b038681166004830152602482018690529190911690633a46b1a890604401602060405180830381865afa158015611d75573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906112129190613b8d565b80545f908015611dd557611dbf83611db2600184613a3f565b5f91825260209091200190565b54600160301b90046001600160d01b0316611215565b5f9392505050565b60608215611dec5750806109de565b815115611e0157611dfc826124c6565b6109de565b60405163d6bda27560e01b815260040160405180910390fd5b8063ffffffff165f03611e425760405163f1cfbf0560e01b81525f6004820152602401610acf565b6008546040805163ffffffff600160301b9093048316815291831660208301527f7e3f7f0708a84de9203036abaa450dccc85ad5ff52f78c170f3edb55cf5e8828910160405180910390a16008805463ffffffff909216600160301b0269ffffffff00000000000019909216919091179055565b60075460408051918252602082018390527fccb45da8d5717e6c4544694297c4ba5cf151d455c9bb0ed4fc7a38411bc05461910160405180910390a1600755565b604051632394e7a360e21b8152600481018290525f906109de906001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001690638e539e8c90602401602060405180830381865afa158015611f60573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190611f849190613b8d565b611f8d84610fc2565b60646124ce565b5f5f5f611fa08461257e565b9150915081611215576112156031612069565b5f6001600160d01b03821115611fe6576040516306dfcc6560e41b815260d0600482015260248101839052604401610acf565b5090565b5f80611ff78585856125f2565b915091505b935093915050565b81545f906001600160801b03600160801b820481169181166001830190911603612031575f9150506109de565b6001600160801b038181165f908152600186810160205260409091209490945584549184018116600160801b02911617909255919050565b634e487b715f52806020526024601cfd5b6060612084611cfc565b65ffffffffffff168265ffffffffffff16146120b3576040516301bfc1c560e61b815260040160405180910390fd5b505060408051808201909152601d81527f6d6f64653d626c6f636b6e756d6265722666726f6d3d64656661756c74000000602082015290565b5f6109de6120f8612742565b8360405161190160f01b8152600281019290925260228201526042902090565b5f836001600160a01b03163b5f03612176575f5f612136858561286b565b5090925090505f81600381111561214f5761214f6130bf565b14801561216d5750856001600160a01b0316826001600160a01b0316145b92505050611215565b6121818484846128b4565b9050611215565b5f8581526009602090815260408083206001600160a01b03881684526003810190925282205460ff16156121da576040516371c6af4960e01b81526001600160a01b0387166004820152602401610acf565b6001600160a01b0386165f9081526003820160205260409020805460ff1916600117905560ff85166122235783815f015f828254612218919061392a565b909155506122799050565b5f1960ff8616016122415783816001015f828254612218919061392a565b60011960ff8616016122605783816002015f828254612218919061392a565b6040516303599be160e11b815260040160405180910390fd5b509195945050505050565b80545f90819081908082036122a2575f5f5f93509350935050610e8f565b5f6122b286611db2600185613a3f565b546001955065ffffffffffff81169450600160301b90046001600160d01b03169250610e8f915050565b5f65ffffffffffff821115611fe6576040516306dfcc6560e41b81526030600482015260248101839052604401610acf565b81545f908181600581111561236a575f61232784612919565b6123319085613a3f565b5f8881526020902090915081015465ffffffffffff908116908716101561235a57809150612368565b61236581600161392a565b92505b505b5f61237787878585612a71565b905080156123a45761238e87611db2600184613a3f565b54600160301b90046001600160d01b0316610dd3565b505f9695505050505050565b5f5f84518311806123c057508284115b156123cf57505f905080611ffc565b5f6123db85600161392a565b84118015612403575061060f60f31b6123f78787016020015190565b6001600160f01b031916145b90505f6124138215156002613ba4565b61241e90602861392a565b90508061242b8787613a3f565b0361244c575f5f61243d898989612ac7565b9096509450611ffc9350505050565b5f5f935093505050611ffc565b5f63ffffffff821115611fe6576040516306dfcc6560e41b81526020600482015260248101839052604401610acf565b60605f61249583612b88565b6040805160208082528183019092529192505f91906020820181803683375050509182525060208101929092525090565b805160208201fd5b5f5f5f6124db8686612baf565b91509150815f036124ff578381816124f5576124f5613bbb565b0492505050611215565b818411612516576125166003851502601118612069565b5f848688095f868103871696879004966002600389028118808a02820302808a02820302808a02820302808a02820302808a02820302808a02909103029181900381900460010185841190960395909502919093039390930492909217029150509392505050565b80545f9081906001600160801b0380821691600160801b90041681036125a957505f93849350915050565b6001600160801b038181165f908152600186810160205260408220805492905586546fffffffffffffffffffffffffffffffff1916938101909216929092179094559293915050565b82545f90819080156126e8575f61260e87611db2600185613a3f565b805490915065ffffffffffff80821691600160301b90046001600160d01b031690881682111561265157604051632520601d60e01b815260040160405180910390fd5b8765ffffffffffff168265ffffffffffff160361268a57825465ffffffffffff16600160301b6001600160d01b038916021783556126da565b6040805180820190915265ffffffffffff808a1682526001600160d01b03808a1660208085019182528d54600181018f555f8f81529190912094519151909216600160301b029216919091179101555b9450859350611ffc92505050565b50506040805180820190915265ffffffffffff80851682526001600160d01b0380851660208085019182528854600181018a555f8a815291822095519251909316600160301b029190931617920191909155905081611ffc565b5f306001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001614801561279a57507f000000000000000000000000000000000000000000000000000000000000000046145b156127c457507f000000000000000000000000000000000000000000000000000000000000000090565b6109e4604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f0000000000000000000000000000000000000000000000000000000000000000918101919091527f000000000000000000000000000000000000000000000000000000000000000060608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b5f5f5f83516041036128a2576020840151604085015160608601515f1a61289488828585612bcb565b9550955095505050506128ad565b505081515f91506002905b9250925092565b805160408051630b135d3f60e11b8082526004820186905260248201929092525f92906020820185604483015e5f82606483010152601f820160051c60051b915060205f60648401838a5afa9050825f5114601f3d1116811693505050509392505050565b5f60018211612926575090565b816001600160801b821061293f5760809190911c9060401b5b68010000000000000000821061295a5760409190911c9060201b5b64010000000082106129715760209190911c9060101b5b6201000082106129865760109190911c9060081b5b610100821061299a5760089190911c9060041b5b601082106129ad5760049190911c9060021b5b600482106129b95760011b5b600302600190811c908185816129d1576129d1613bbb565b048201901c905060018185816129e9576129e9613bbb565b048201901c90506001818581612a0157612a01613bbb565b048201901c90506001818581612a1957612a19613bbb565b048201901c90506001818581612a3157612a31613bbb565b048201901c90506001818581612a4957612a49613bbb565b048201901c9050612a68818581612a6257612a62613bbb565b04821190565b90039392505050565b5f5b81831015612abf575f85815260209020838316600285851804019081015465ffffffffffff86811691161115612aab57809250612ab9565b612ab681600161392a565b93505b50612a73565b509392505050565b5f808481612ad686600161392a565b85118015612afe575061060f60f31b612af28388016020015190565b6001600160f01b031916145b90505f612b0e8215156002613ba4565b90505f80612b1c838a61392a565b90505b87811015612b77575f612b3d612b388784016020015190565b612c93565b9050600f8160ff161115612b5c575f5f97509750505050505050611ffc565b612b67601084613ba4565b60ff909116019150600101612b1f565b506001999098509650505050505050565b5f60ff8216601f8111156109de57604051632cd44ac360e21b815260040160405180910390fd5b5f805f1983850993909202808410938190039390930393915050565b5f80807f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0841115612c0457505f91506003905082612c89565b604080515f808252602082018084528a905260ff891692820192909252606081018790526080810186905260019060a0016020604051602081039080840390855afa158015612c55573d5f5f3e3d5ffd5b5050604051601f1901519150506001600160a01b038116612c8057505f925060019150829050612c89565b92505f91508190505b9450945094915050565b5f60f882901c602f81118015612cac5750603a8160ff16105b15612cba57602f19016109de565b60608160ff16118015612cd0575060678160ff16105b15612cde57605619016109de565b60408160ff16118015612cf4575060478160ff16105b15612d0257603619016109de565b5060ff92915050565b5f60208284031215612d1b575f5ffd5b81356001600160e01b031981168114611215575f5ffd5b5f60208284031215612d42575f5ffd5b5035919050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f6112156020830184612d49565b80356001600160a01b0381168114610e6c575f5ffd5b634e487b7160e01b5f52604160045260245ffd5b604051601f8201601f191681016001600160401b0381118282101715612ddb57612ddb612d9f565b604052919050565b5f6001600160401b03821115612dfb57612dfb612d9f565b50601f01601f191660200190565b5f612e1b612e1684612de3565b612db3565b9050828152838383011115612e2e575f5ffd5b828260208301375f602084830101529392505050565b5f82601f830112612e53575f5ffd5b61121583833560208501612e09565b5f5f5f5f60808587031215612e75575f5ffd5b612e7e85612d89565b9350612e8c60208601612d89565b92506040850135915060608501356001600160401b03811115612ead575f5ffd5b612eb987828801612e44565b91505092959194509250565b5f6001600160401b03821115612edd57612edd612d9f565b5060051b60200190565b5f82601f830112612ef6575f5ffd5b8135612f04612e1682612ec5565b8082825260208201915060208360051b860101925085831115612f25575f5ffd5b602085015b83811015612f4957612f3b81612d89565b835260209283019201612f2a565b5095945050505050565b5f82601f830112612f62575f5ffd5b8135612f70612e1682612ec5565b8082825260208201915060208360051b860101925085831115612f91575f5ffd5b602085015b83811015612f49578035835260209283019201612f96565b5f82601f830112612fbd575f5ffd5b8135612fcb612e1682612ec5565b8082825260208201915060208360051b860101925085831115612fec575f5ffd5b602085015b83811015612f495780356001600160401b0381111561300e575f5ffd5b61301d886020838a0101612e44565b84525060209283019201612ff1565b5f5f5f5f6080858703121561303f575f5ffd5b84356001600160401b03811115613054575f5ffd5b61306087828801612ee7565b94505060208501356001600160401b0381111561307b575f5ffd5b61308787828801612f53565b93505060408501356001600160401b038111156130a2575f5ffd5b6130ae87828801612fae565b949793965093946060013593505050565b634e487b7160e01b5f52602160045260245ffd5b600881106130ef57634e487b7160e01b5f52602160045260245ffd5b9052565b602081016109de82846130d3565b5f5f60408385031215613112575f5ffd5b8235915061312260208401612d89565b90509250929050565b803560ff81168114610e6c575f5ffd5b5f5f6040838503121561314c575f5ffd5b823591506131226020840161312b565b5f5f83601f84011261316c575f5ffd5b5081356001600160401b03811115613182575f5ffd5b602083019150836020828501011115613199575f5ffd5b9250929050565b5f5f5f5f5f5f5f60c0888a0312156131b6575f5ffd5b873596506131c66020890161312b565b95506131d460408901612d89565b945060608801356001600160401b038111156131ee575f5ffd5b6131fa8a828b0161315c565b90955093505060808801356001600160401b03811115613218575f5ffd5b6132248a828b01612e44565b92505060a08801356001600160401b0381111561323f575f5ffd5b61324b8a828b01612e44565b91505092959891949750929550565b5f5f5f5f5f6080868803121561326e575f5ffd5b8535945061327e6020870161312b565b935060408601356001600160401b03811115613298575f5ffd5b6132a48882890161315c565b90945092505060608601356001600160401b038111156132c2575f5ffd5b6132ce88828901612e44565b9150509295509295909350565b65ffffffffffff811681146109fa575f5ffd5b5f602082840312156132fe575f5ffd5b8135611215816132db565b5f5f5f5f6060858703121561331c575f5ffd5b8435935061332c6020860161312b565b925060408501356001600160401b03811115613346575f5ffd5b6133528782880161315c565b95989497509550505050565b5f5f5f5f60808587031215613371575f5ffd5b84356001600160401b03811115613386575f5ffd5b61339287828801612ee7565b94505060208501356001600160401b038111156133ad575f5ffd5b6133b987828801612f53565b93505060408501356001600160401b038111156133d4575f5ffd5b6133e087828801612fae565b92505060608501356001600160401b038111156133fb575f5ffd5b8501601f8101871361340b575f5ffd5b612eb987823560208401612e09565b5f6020828403121561342a575f5ffd5b61121582612d89565b5f8151808452602084019350602083015f5b82811015613463578151865260209586019590910190600101613445565b5093949350505050565b60ff60f81b8816815260e060208201525f61348b60e0830189612d49565b828103604084015261349d8189612d49565b606084018890526001600160a01b038716608085015260a0840186905283810360c085015290506134ce8185613433565b9a9950505050505050505050565b5f5f5f5f608085870312156134ef575f5ffd5b843593506134ff6020860161312b565b925061350d60408601612d89565b915060608501356001600160401b03811115612ead575f5ffd5b5f5f5f60608486031215613539575f5ffd5b61354284612d89565b92506020840135915060408401356001600160401b03811115613563575f5ffd5b61356f86828701612e44565b9150509250925092565b5f5f5f5f5f60a0868803121561358d575f5ffd5b61359686612d89565b94506135a460208701612d89565b935060408601356001600160401b038111156135be575f5ffd5b6135ca88828901612f53565b93505060608601356001600160401b038111156135e5575f5ffd5b6135f188828901612f53565b92505060808601356001600160401b038111156132c2575f5ffd5b5f5f5f5f6060858703121561361f575f5ffd5b61362885612d89565b93506020850135925060408501356001600160401b03811115613346575f5ffd5b5f60208284031215613659575f5ffd5b813563ffffffff81168114611215575f5ffd5b5f5f6040838503121561367d575f5ffd5b61368683612d89565b946020939093013593505050565b5f5f5f5f5f60a086880312156136a8575f5ffd5b6136b186612d89565b94506136bf60208701612d89565b9350604086013592506060860135915060808601356001600160401b038111156132c2575f5ffd5b600181811c908216806136fb57607f821691505b60208210810361371957634e487b7160e01b5f52602260045260245ffd5b50919050565b634e487b7160e01b5f52603260045260245ffd5b5f60208284031215613743575f5ffd5b81516001600160401b03811115613758575f5ffd5b8201601f81018413613768575f5ffd5b8051613776612e1682612de3565b81815285602083850101111561378a575f5ffd5b8160208401602083015e5f91810160200191909152949350505050565b634e487b7160e01b5f52601160045260245ffd5b65ffffffffffff82811682821603908111156109de576109de6137a7565b5f602082840312156137e9575f5ffd5b8151611215816132db565b65ffffffffffff81811683821601908111156109de576109de6137a7565b818382375f9101908152919050565b5f8151808452602084019350602083015f5b828110156134635781516001600160a01b0316865260209586019590910190600101613833565b5f82825180855260208501945060208160051b830101602085015f5b83811015610af557601f19858403018852613892838351612d49565b6020988901989093509190910190600101613876565b608081525f6138ba6080830187613821565b82810360208401526138cc8187613433565b905082810360408401526138e0818661385a565b91505082606083015295945050505050565b8381526060810161390660208301856130d3565b826040830152949350505050565b5f82518060208501845e5f920191825250919050565b808201808211156109de576109de6137a7565b60ff81811683821601908111156109de576109de6137a7565b6001815b6001841115611ffc57808504811115613975576139756137a7565b600184161561398357908102905b60019390931c92800261395a565b5f8261399f575060016109de565b816139ab57505f6109de565b81600181146139c157600281146139cb576139e7565b60019150506109de565b60ff8411156139dc576139dc6137a7565b50506001821b6109de565b5060208310610133831016604e8410600b8410161715613a0a575081810a6109de565b613a165f198484613956565b805f1904821115613a2957613a296137a7565b029392505050565b5f61121560ff841683613991565b818103818111156109de576109de6137a7565b84815260ff84166020820152826040820152608060608201525f6110256080830184612d49565b85815260ff8516602082015283604082015260a060608201525f613aa060a0830185612d49565b8281036080840152610f6e8185612d49565b8981526001600160a01b0389166020820152610120604082018190525f90613adc9083018a613821565b8281036060840152613aee818a613433565b9050828103608084015280885180835260208301915060208160051b84010160208b015f5b83811015613b4557601f19868403018552613b2f838351612d49565b6020958601959093509190910190600101613b13565b505085810360a0870152613b59818b61385a565b93505050508560c08401528460e0840152828103610100840152613b7d8185612d49565b9c9b505050505050505050505050565b5f60208284031215613b9d575f5ffd5b5051919050565b80820281158282048414176109de576109de6137a7565b634e487b7160e01b5f52601260045260245ffdfea2646970667358221220191435c7e7fd99d7f1f1af3dd4b659888aedbc1b155381d31daa2be7dae2e5f064736f6c63430008250033",
}

// BeckonGovernor is an auto generated Go binding around an Ethereum contract.
type BeckonGovernor struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *BeckonGovernor) GetABI() abi.ABI {
	return c.abi
}

// NewBeckonGovernor creates a new instance of BeckonGovernor.
func NewBeckonGovernor() *BeckonGovernor {
	parsed, err := BeckonGovernorMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &BeckonGovernor{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *BeckonGovernor) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address token_, uint48 votingDelay_, uint32 votingPeriod_, uint256 quorumPercent_) returns()
func (beckonGovernor *BeckonGovernor) PackConstructor(token_ common.Address, votingDelay_ *big.Int, votingPeriod_ uint32, quorumPercent_ *big.Int) []byte {
	enc, err := beckonGovernor.abi.Pack("", token_, votingDelay_, votingPeriod_, quorumPercent_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackBALLOTTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdeaaa7cc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function BALLOT_TYPEHASH() view returns(bytes32)
func (beckonGovernor *BeckonGovernor) PackBALLOTTYPEHASH() []byte {
	enc, err := beckonGovernor.abi.Pack("BALLOT_TYPEHASH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBALLOTTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdeaaa7cc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function BALLOT_TYPEHASH() view returns(bytes32)
func (beckonGovernor *BeckonGovernor) TryPackBALLOTTYPEHASH() ([]byte, error) {
	return beckonGovernor.abi.Pack("BALLOT_TYPEHASH")
}

// UnpackBALLOTTYPEHASH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdeaaa7cc.
//
// Solidity: function BALLOT_TYPEHASH() view returns(bytes32)
func (beckonGovernor *BeckonGovernor) UnpackBALLOTTYPEHASH(data []byte) ([32]byte, error) {
	out, err := beckonGovernor.abi.Unpack("BALLOT_TYPEHASH", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackCLOCKMODE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4bf5d7e9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function CLOCK_MODE() view returns(string)
func (beckonGovernor *BeckonGovernor) PackCLOCKMODE() []byte {
	enc, err := beckonGovernor.abi.Pack("CLOCK_MODE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCLOCKMODE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4bf5d7e9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function CLOCK_MODE() view returns(string)
func (beckonGovernor *BeckonGovernor) TryPackCLOCKMODE() ([]byte, error) {
	return beckonGovernor.abi.Pack("CLOCK_MODE")
}

// UnpackCLOCKMODE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4bf5d7e9.
//
// Solidity: function CLOCK_MODE() view returns(string)
func (beckonGovernor *BeckonGovernor) UnpackCLOCKMODE(data []byte) (string, error) {
	out, err := beckonGovernor.abi.Unpack("CLOCK_MODE", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackCOUNTINGMODE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd4e2ba5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function COUNTING_MODE() pure returns(string)
func (beckonGovernor *BeckonGovernor) PackCOUNTINGMODE() []byte {
	enc, err := beckonGovernor.abi.Pack("COUNTING_MODE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCOUNTINGMODE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd4e2ba5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function COUNTING_MODE() pure returns(string)
func (beckonGovernor *BeckonGovernor) TryPackCOUNTINGMODE() ([]byte, error) {
	return beckonGovernor.abi.Pack("COUNTING_MODE")
}

// UnpackCOUNTINGMODE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdd4e2ba5.
//
// Solidity: function COUNTING_MODE() pure returns(string)
func (beckonGovernor *BeckonGovernor) UnpackCOUNTINGMODE(data []byte) (string, error) {
	out, err := beckonGovernor.abi.Unpack("COUNTING_MODE", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackEXTENDEDBALLOTTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2fe3e261.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function EXTENDED_BALLOT_TYPEHASH() view returns(bytes32)
func (beckonGovernor *BeckonGovernor) PackEXTENDEDBALLOTTYPEHASH() []byte {
	enc, err := beckonGovernor.abi.Pack("EXTENDED_BALLOT_TYPEHASH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEXTENDEDBALLOTTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2fe3e261.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function EXTENDED_BALLOT_TYPEHASH() view returns(bytes32)
func (beckonGovernor *BeckonGovernor) TryPackEXTENDEDBALLOTTYPEHASH() ([]byte, error) {
	return beckonGovernor.abi.Pack("EXTENDED_BALLOT_TYPEHASH")
}

// UnpackEXTENDEDBALLOTTYPEHASH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2fe3e261.
//
// Solidity: function EXTENDED_BALLOT_TYPEHASH() view returns(bytes32)
func (beckonGovernor *BeckonGovernor) UnpackEXTENDEDBALLOTTYPEHASH(data []byte) ([32]byte, error) {
	out, err := beckonGovernor.abi.Unpack("EXTENDED_BALLOT_TYPEHASH", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackCancel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x452115d6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function cancel(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns(uint256)
func (beckonGovernor *BeckonGovernor) PackCancel(targets []common.Address, values []*big.Int, calldatas [][]byte, descriptionHash [32]byte) []byte {
	enc, err := beckonGovernor.abi.Pack("cancel", targets, values, calldatas, descriptionHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCancel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x452115d6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function cancel(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackCancel(targets []common.Address, values []*big.Int, calldatas [][]byte, descriptionHash [32]byte) ([]byte, error) {
	return beckonGovernor.abi.Pack("cancel", targets, values, calldatas, descriptionHash)
}

// UnpackCancel is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x452115d6.
//
// Solidity: function cancel(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackCancel(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("cancel", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCastVote is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x56781388.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function castVote(uint256 proposalId, uint8 support) returns(uint256)
func (beckonGovernor *BeckonGovernor) PackCastVote(proposalId *big.Int, support uint8) []byte {
	enc, err := beckonGovernor.abi.Pack("castVote", proposalId, support)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCastVote is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x56781388.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function castVote(uint256 proposalId, uint8 support) returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackCastVote(proposalId *big.Int, support uint8) ([]byte, error) {
	return beckonGovernor.abi.Pack("castVote", proposalId, support)
}

// UnpackCastVote is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x56781388.
//
// Solidity: function castVote(uint256 proposalId, uint8 support) returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackCastVote(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("castVote", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCastVoteBySig is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8ff262e3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function castVoteBySig(uint256 proposalId, uint8 support, address voter, bytes signature) returns(uint256)
func (beckonGovernor *BeckonGovernor) PackCastVoteBySig(proposalId *big.Int, support uint8, voter common.Address, signature []byte) []byte {
	enc, err := beckonGovernor.abi.Pack("castVoteBySig", proposalId, support, voter, signature)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCastVoteBySig is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8ff262e3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function castVoteBySig(uint256 proposalId, uint8 support, address voter, bytes signature) returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackCastVoteBySig(proposalId *big.Int, support uint8, voter common.Address, signature []byte) ([]byte, error) {
	return beckonGovernor.abi.Pack("castVoteBySig", proposalId, support, voter, signature)
}

// UnpackCastVoteBySig is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8ff262e3.
//
// Solidity: function castVoteBySig(uint256 proposalId, uint8 support, address voter, bytes signature) returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackCastVoteBySig(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("castVoteBySig", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCastVoteWithReason is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b3c71d3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function castVoteWithReason(uint256 proposalId, uint8 support, string reason) returns(uint256)
func (beckonGovernor *BeckonGovernor) PackCastVoteWithReason(proposalId *big.Int, support uint8, reason string) []byte {
	enc, err := beckonGovernor.abi.Pack("castVoteWithReason", proposalId, support, reason)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCastVoteWithReason is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b3c71d3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function castVoteWithReason(uint256 proposalId, uint8 support, string reason) returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackCastVoteWithReason(proposalId *big.Int, support uint8, reason string) ([]byte, error) {
	return beckonGovernor.abi.Pack("castVoteWithReason", proposalId, support, reason)
}

// UnpackCastVoteWithReason is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7b3c71d3.
//
// Solidity: function castVoteWithReason(uint256 proposalId, uint8 support, string reason) returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackCastVoteWithReason(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("castVoteWithReason", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCastVoteWithReasonAndParams is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5f398a14.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function castVoteWithReasonAndParams(uint256 proposalId, uint8 support, string reason, bytes params) returns(uint256)
func (beckonGovernor *BeckonGovernor) PackCastVoteWithReasonAndParams(proposalId *big.Int, support uint8, reason string, params []byte) []byte {
	enc, err := beckonGovernor.abi.Pack("castVoteWithReasonAndParams", proposalId, support, reason, params)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCastVoteWithReasonAndParams is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5f398a14.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function castVoteWithReasonAndParams(uint256 proposalId, uint8 support, string reason, bytes params) returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackCastVoteWithReasonAndParams(proposalId *big.Int, support uint8, reason string, params []byte) ([]byte, error) {
	return beckonGovernor.abi.Pack("castVoteWithReasonAndParams", proposalId, support, reason, params)
}

// UnpackCastVoteWithReasonAndParams is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5f398a14.
//
// Solidity: function castVoteWithReasonAndParams(uint256 proposalId, uint8 support, string reason, bytes params) returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackCastVoteWithReasonAndParams(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("castVoteWithReasonAndParams", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCastVoteWithReasonAndParamsBySig is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5b8d0e0d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function castVoteWithReasonAndParamsBySig(uint256 proposalId, uint8 support, address voter, string reason, bytes params, bytes signature) returns(uint256)
func (beckonGovernor *BeckonGovernor) PackCastVoteWithReasonAndParamsBySig(proposalId *big.Int, support uint8, voter common.Address, reason string, params []byte, signature []byte) []byte {
	enc, err := beckonGovernor.abi.Pack("castVoteWithReasonAndParamsBySig", proposalId, support, voter, reason, params, signature)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCastVoteWithReasonAndParamsBySig is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5b8d0e0d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function castVoteWithReasonAndParamsBySig(uint256 proposalId, uint8 support, address voter, string reason, bytes params, bytes signature) returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackCastVoteWithReasonAndParamsBySig(proposalId *big.Int, support uint8, voter common.Address, reason string, params []byte, signature []byte) ([]byte, error) {
	return beckonGovernor.abi.Pack("castVoteWithReasonAndParamsBySig", proposalId, support, voter, reason, params, signature)
}

// UnpackCastVoteWithReasonAndParamsBySig is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5b8d0e0d.
//
// Solidity: function castVoteWithReasonAndParamsBySig(uint256 proposalId, uint8 support, address voter, string reason, bytes params, bytes signature) returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackCastVoteWithReasonAndParamsBySig(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("castVoteWithReasonAndParamsBySig", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackClock is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91ddadf4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function clock() view returns(uint48)
func (beckonGovernor *BeckonGovernor) PackClock() []byte {
	enc, err := beckonGovernor.abi.Pack("clock")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClock is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91ddadf4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function clock() view returns(uint48)
func (beckonGovernor *BeckonGovernor) TryPackClock() ([]byte, error) {
	return beckonGovernor.abi.Pack("clock")
}

// UnpackClock is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x91ddadf4.
//
// Solidity: function clock() view returns(uint48)
func (beckonGovernor *BeckonGovernor) UnpackClock(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("clock", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackEip712Domain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x84b0196e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (beckonGovernor *BeckonGovernor) PackEip712Domain() []byte {
	enc, err := beckonGovernor.abi.Pack("eip712Domain")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEip712Domain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x84b0196e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (beckonGovernor *BeckonGovernor) TryPackEip712Domain() ([]byte, error) {
	return beckonGovernor.abi.Pack("eip712Domain")
}

// Eip712DomainOutput serves as a container for the return parameters of contract
// method Eip712Domain.
type Eip712DomainOutput struct {
	Fields            [1]byte
	Name              string
	Version           string
	ChainId           *big.Int
	VerifyingContract common.Address
	Salt              [32]byte
	Extensions        []*big.Int
}

// UnpackEip712Domain is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x84b0196e.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (beckonGovernor *BeckonGovernor) UnpackEip712Domain(data []byte) (Eip712DomainOutput, error) {
	out, err := beckonGovernor.abi.Unpack("eip712Domain", data)
	outstruct := new(Eip712DomainOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Fields = *abi.ConvertType(out[0], new([1]byte)).(*[1]byte)
	outstruct.Name = *abi.ConvertType(out[1], new(string)).(*string)
	outstruct.Version = *abi.ConvertType(out[2], new(string)).(*string)
	outstruct.ChainId = abi.ConvertType(out[3], new(big.Int)).(*big.Int)
	outstruct.VerifyingContract = *abi.ConvertType(out[4], new(common.Address)).(*common.Address)
	outstruct.Salt = *abi.ConvertType(out[5], new([32]byte)).(*[32]byte)
	outstruct.Extensions = *abi.ConvertType(out[6], new([]*big.Int)).(*[]*big.Int)
	return *outstruct, nil
}

// PackExecute is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2656227d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function execute(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) payable returns(uint256)
func (beckonGovernor *BeckonGovernor) PackExecute(targets []common.Address, values []*big.Int, calldatas [][]byte, descriptionHash [32]byte) []byte {
	enc, err := beckonGovernor.abi.Pack("execute", targets, values, calldatas, descriptionHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackExecute is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2656227d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function execute(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) payable returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackExecute(targets []common.Address, values []*big.Int, calldatas [][]byte, descriptionHash [32]byte) ([]byte, error) {
	return beckonGovernor.abi.Pack("execute", targets, values, calldatas, descriptionHash)
}

// UnpackExecute is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2656227d.
//
// Solidity: function execute(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) payable returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackExecute(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("execute", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackGetProposalId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa8f8a668.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getProposalId(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) view returns(uint256)
func (beckonGovernor *BeckonGovernor) PackGetProposalId(targets []common.Address, values []*big.Int, calldatas [][]byte, descriptionHash [32]byte) []byte {
	enc, err := beckonGovernor.abi.Pack("getProposalId", targets, values, calldatas, descriptionHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetProposalId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa8f8a668.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getProposalId(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) view returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackGetProposalId(targets []common.Address, values []*big.Int, calldatas [][]byte, descriptionHash [32]byte) ([]byte, error) {
	return beckonGovernor.abi.Pack("getProposalId", targets, values, calldatas, descriptionHash)
}

// UnpackGetProposalId is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa8f8a668.
//
// Solidity: function getProposalId(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) view returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackGetProposalId(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("getProposalId", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackGetVotes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xeb9019d4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getVotes(address account, uint256 timepoint) view returns(uint256)
func (beckonGovernor *BeckonGovernor) PackGetVotes(account common.Address, timepoint *big.Int) []byte {
	enc, err := beckonGovernor.abi.Pack("getVotes", account, timepoint)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetVotes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xeb9019d4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getVotes(address account, uint256 timepoint) view returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackGetVotes(account common.Address, timepoint *big.Int) ([]byte, error) {
	return beckonGovernor.abi.Pack("getVotes", account, timepoint)
}

// UnpackGetVotes is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xeb9019d4.
//
// Solidity: function getVotes(address account, uint256 timepoint) view returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackGetVotes(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("getVotes", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackGetVotesWithParams is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9a802a6d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getVotesWithParams(address account, uint256 timepoint, bytes params) view returns(uint256)
func (beckonGovernor *BeckonGovernor) PackGetVotesWithParams(account common.Address, timepoint *big.Int, params []byte) []byte {
	enc, err := beckonGovernor.abi.Pack("getVotesWithParams", account, timepoint, params)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetVotesWithParams is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9a802a6d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getVotesWithParams(address account, uint256 timepoint, bytes params) view returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackGetVotesWithParams(account common.Address, timepoint *big.Int, params []byte) ([]byte, error) {
	return beckonGovernor.abi.Pack("getVotesWithParams", account, timepoint, params)
}

// UnpackGetVotesWithParams is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9a802a6d.
//
// Solidity: function getVotesWithParams(address account, uint256 timepoint, bytes params) view returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackGetVotesWithParams(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("getVotesWithParams", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackHasVoted is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x43859632.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hasVoted(uint256 proposalId, address account) view returns(bool)
func (beckonGovernor *BeckonGovernor) PackHasVoted(proposalId *big.Int, account common.Address) []byte {
	enc, err := beckonGovernor.abi.Pack("hasVoted", proposalId, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHasVoted is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x43859632.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hasVoted(uint256 proposalId, address account) view returns(bool)
func (beckonGovernor *BeckonGovernor) TryPackHasVoted(proposalId *big.Int, account common.Address) ([]byte, error) {
	return beckonGovernor.abi.Pack("hasVoted", proposalId, account)
}

// UnpackHasVoted is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x43859632.
//
// Solidity: function hasVoted(uint256 proposalId, address account) view returns(bool)
func (beckonGovernor *BeckonGovernor) UnpackHasVoted(data []byte) (bool, error) {
	out, err := beckonGovernor.abi.Unpack("hasVoted", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackHashProposal is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc59057e4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hashProposal(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) pure returns(uint256)
func (beckonGovernor *BeckonGovernor) PackHashProposal(targets []common.Address, values []*big.Int, calldatas [][]byte, descriptionHash [32]byte) []byte {
	enc, err := beckonGovernor.abi.Pack("hashProposal", targets, values, calldatas, descriptionHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHashProposal is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc59057e4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hashProposal(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) pure returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackHashProposal(targets []common.Address, values []*big.Int, calldatas [][]byte, descriptionHash [32]byte) ([]byte, error) {
	return beckonGovernor.abi.Pack("hashProposal", targets, values, calldatas, descriptionHash)
}

// UnpackHashProposal is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc59057e4.
//
// Solidity: function hashProposal(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) pure returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackHashProposal(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("hashProposal", data)
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
func (beckonGovernor *BeckonGovernor) PackName() []byte {
	enc, err := beckonGovernor.abi.Pack("name")
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
func (beckonGovernor *BeckonGovernor) TryPackName() ([]byte, error) {
	return beckonGovernor.abi.Pack("name")
}

// UnpackName is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (beckonGovernor *BeckonGovernor) UnpackName(data []byte) (string, error) {
	out, err := beckonGovernor.abi.Unpack("name", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackNonces is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7ecebe00.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nonces(address owner) view returns(uint256)
func (beckonGovernor *BeckonGovernor) PackNonces(owner common.Address) []byte {
	enc, err := beckonGovernor.abi.Pack("nonces", owner)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNonces is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7ecebe00.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nonces(address owner) view returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackNonces(owner common.Address) ([]byte, error) {
	return beckonGovernor.abi.Pack("nonces", owner)
}

// UnpackNonces is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7ecebe00.
//
// Solidity: function nonces(address owner) view returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackNonces(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("nonces", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackOnERC1155BatchReceived is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbc197c81.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function onERC1155BatchReceived(address , address , uint256[] , uint256[] , bytes ) returns(bytes4)
func (beckonGovernor *BeckonGovernor) PackOnERC1155BatchReceived(arg0 common.Address, arg1 common.Address, arg2 []*big.Int, arg3 []*big.Int, arg4 []byte) []byte {
	enc, err := beckonGovernor.abi.Pack("onERC1155BatchReceived", arg0, arg1, arg2, arg3, arg4)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOnERC1155BatchReceived is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbc197c81.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function onERC1155BatchReceived(address , address , uint256[] , uint256[] , bytes ) returns(bytes4)
func (beckonGovernor *BeckonGovernor) TryPackOnERC1155BatchReceived(arg0 common.Address, arg1 common.Address, arg2 []*big.Int, arg3 []*big.Int, arg4 []byte) ([]byte, error) {
	return beckonGovernor.abi.Pack("onERC1155BatchReceived", arg0, arg1, arg2, arg3, arg4)
}

// UnpackOnERC1155BatchReceived is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbc197c81.
//
// Solidity: function onERC1155BatchReceived(address , address , uint256[] , uint256[] , bytes ) returns(bytes4)
func (beckonGovernor *BeckonGovernor) UnpackOnERC1155BatchReceived(data []byte) ([4]byte, error) {
	out, err := beckonGovernor.abi.Unpack("onERC1155BatchReceived", data)
	if err != nil {
		return *new([4]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([4]byte)).(*[4]byte)
	return out0, nil
}

// PackOnERC1155Received is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf23a6e61.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function onERC1155Received(address , address , uint256 , uint256 , bytes ) returns(bytes4)
func (beckonGovernor *BeckonGovernor) PackOnERC1155Received(arg0 common.Address, arg1 common.Address, arg2 *big.Int, arg3 *big.Int, arg4 []byte) []byte {
	enc, err := beckonGovernor.abi.Pack("onERC1155Received", arg0, arg1, arg2, arg3, arg4)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOnERC1155Received is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf23a6e61.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function onERC1155Received(address , address , uint256 , uint256 , bytes ) returns(bytes4)
func (beckonGovernor *BeckonGovernor) TryPackOnERC1155Received(arg0 common.Address, arg1 common.Address, arg2 *big.Int, arg3 *big.Int, arg4 []byte) ([]byte, error) {
	return beckonGovernor.abi.Pack("onERC1155Received", arg0, arg1, arg2, arg3, arg4)
}

// UnpackOnERC1155Received is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf23a6e61.
//
// Solidity: function onERC1155Received(address , address , uint256 , uint256 , bytes ) returns(bytes4)
func (beckonGovernor *BeckonGovernor) UnpackOnERC1155Received(data []byte) ([4]byte, error) {
	out, err := beckonGovernor.abi.Unpack("onERC1155Received", data)
	if err != nil {
		return *new([4]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([4]byte)).(*[4]byte)
	return out0, nil
}

// PackOnERC721Received is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x150b7a02.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function onERC721Received(address , address , uint256 , bytes ) returns(bytes4)
func (beckonGovernor *BeckonGovernor) PackOnERC721Received(arg0 common.Address, arg1 common.Address, arg2 *big.Int, arg3 []byte) []byte {
	enc, err := beckonGovernor.abi.Pack("onERC721Received", arg0, arg1, arg2, arg3)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOnERC721Received is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x150b7a02.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function onERC721Received(address , address , uint256 , bytes ) returns(bytes4)
func (beckonGovernor *BeckonGovernor) TryPackOnERC721Received(arg0 common.Address, arg1 common.Address, arg2 *big.Int, arg3 []byte) ([]byte, error) {
	return beckonGovernor.abi.Pack("onERC721Received", arg0, arg1, arg2, arg3)
}

// UnpackOnERC721Received is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x150b7a02.
//
// Solidity: function onERC721Received(address , address , uint256 , bytes ) returns(bytes4)
func (beckonGovernor *BeckonGovernor) UnpackOnERC721Received(data []byte) ([4]byte, error) {
	out, err := beckonGovernor.abi.Unpack("onERC721Received", data)
	if err != nil {
		return *new([4]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([4]byte)).(*[4]byte)
	return out0, nil
}

// PackProposalDeadline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc01f9e37.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposalDeadline(uint256 proposalId) view returns(uint256)
func (beckonGovernor *BeckonGovernor) PackProposalDeadline(proposalId *big.Int) []byte {
	enc, err := beckonGovernor.abi.Pack("proposalDeadline", proposalId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposalDeadline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc01f9e37.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposalDeadline(uint256 proposalId) view returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackProposalDeadline(proposalId *big.Int) ([]byte, error) {
	return beckonGovernor.abi.Pack("proposalDeadline", proposalId)
}

// UnpackProposalDeadline is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc01f9e37.
//
// Solidity: function proposalDeadline(uint256 proposalId) view returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackProposalDeadline(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("proposalDeadline", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProposalEta is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xab58fb8e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposalEta(uint256 proposalId) view returns(uint256)
func (beckonGovernor *BeckonGovernor) PackProposalEta(proposalId *big.Int) []byte {
	enc, err := beckonGovernor.abi.Pack("proposalEta", proposalId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposalEta is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xab58fb8e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposalEta(uint256 proposalId) view returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackProposalEta(proposalId *big.Int) ([]byte, error) {
	return beckonGovernor.abi.Pack("proposalEta", proposalId)
}

// UnpackProposalEta is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xab58fb8e.
//
// Solidity: function proposalEta(uint256 proposalId) view returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackProposalEta(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("proposalEta", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProposalNeedsQueuing is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9a95294.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposalNeedsQueuing(uint256 ) view returns(bool)
func (beckonGovernor *BeckonGovernor) PackProposalNeedsQueuing(arg0 *big.Int) []byte {
	enc, err := beckonGovernor.abi.Pack("proposalNeedsQueuing", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposalNeedsQueuing is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9a95294.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposalNeedsQueuing(uint256 ) view returns(bool)
func (beckonGovernor *BeckonGovernor) TryPackProposalNeedsQueuing(arg0 *big.Int) ([]byte, error) {
	return beckonGovernor.abi.Pack("proposalNeedsQueuing", arg0)
}

// UnpackProposalNeedsQueuing is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa9a95294.
//
// Solidity: function proposalNeedsQueuing(uint256 ) view returns(bool)
func (beckonGovernor *BeckonGovernor) UnpackProposalNeedsQueuing(data []byte) (bool, error) {
	out, err := beckonGovernor.abi.Unpack("proposalNeedsQueuing", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackProposalProposer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x143489d0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposalProposer(uint256 proposalId) view returns(address)
func (beckonGovernor *BeckonGovernor) PackProposalProposer(proposalId *big.Int) []byte {
	enc, err := beckonGovernor.abi.Pack("proposalProposer", proposalId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposalProposer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x143489d0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposalProposer(uint256 proposalId) view returns(address)
func (beckonGovernor *BeckonGovernor) TryPackProposalProposer(proposalId *big.Int) ([]byte, error) {
	return beckonGovernor.abi.Pack("proposalProposer", proposalId)
}

// UnpackProposalProposer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x143489d0.
//
// Solidity: function proposalProposer(uint256 proposalId) view returns(address)
func (beckonGovernor *BeckonGovernor) UnpackProposalProposer(data []byte) (common.Address, error) {
	out, err := beckonGovernor.abi.Unpack("proposalProposer", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackProposalSnapshot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2d63f693.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposalSnapshot(uint256 proposalId) view returns(uint256)
func (beckonGovernor *BeckonGovernor) PackProposalSnapshot(proposalId *big.Int) []byte {
	enc, err := beckonGovernor.abi.Pack("proposalSnapshot", proposalId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposalSnapshot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2d63f693.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposalSnapshot(uint256 proposalId) view returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackProposalSnapshot(proposalId *big.Int) ([]byte, error) {
	return beckonGovernor.abi.Pack("proposalSnapshot", proposalId)
}

// UnpackProposalSnapshot is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2d63f693.
//
// Solidity: function proposalSnapshot(uint256 proposalId) view returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackProposalSnapshot(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("proposalSnapshot", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProposalThreshold is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb58131b0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposalThreshold() view returns(uint256)
func (beckonGovernor *BeckonGovernor) PackProposalThreshold() []byte {
	enc, err := beckonGovernor.abi.Pack("proposalThreshold")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposalThreshold is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb58131b0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposalThreshold() view returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackProposalThreshold() ([]byte, error) {
	return beckonGovernor.abi.Pack("proposalThreshold")
}

// UnpackProposalThreshold is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb58131b0.
//
// Solidity: function proposalThreshold() view returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackProposalThreshold(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("proposalThreshold", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProposalVotes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x544ffc9c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposalVotes(uint256 proposalId) view returns(uint256 againstVotes, uint256 forVotes, uint256 abstainVotes)
func (beckonGovernor *BeckonGovernor) PackProposalVotes(proposalId *big.Int) []byte {
	enc, err := beckonGovernor.abi.Pack("proposalVotes", proposalId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposalVotes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x544ffc9c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposalVotes(uint256 proposalId) view returns(uint256 againstVotes, uint256 forVotes, uint256 abstainVotes)
func (beckonGovernor *BeckonGovernor) TryPackProposalVotes(proposalId *big.Int) ([]byte, error) {
	return beckonGovernor.abi.Pack("proposalVotes", proposalId)
}

// ProposalVotesOutput serves as a container for the return parameters of contract
// method ProposalVotes.
type ProposalVotesOutput struct {
	AgainstVotes *big.Int
	ForVotes     *big.Int
	AbstainVotes *big.Int
}

// UnpackProposalVotes is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x544ffc9c.
//
// Solidity: function proposalVotes(uint256 proposalId) view returns(uint256 againstVotes, uint256 forVotes, uint256 abstainVotes)
func (beckonGovernor *BeckonGovernor) UnpackProposalVotes(data []byte) (ProposalVotesOutput, error) {
	out, err := beckonGovernor.abi.Unpack("proposalVotes", data)
	outstruct := new(ProposalVotesOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.AgainstVotes = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.ForVotes = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	outstruct.AbstainVotes = abi.ConvertType(out[2], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackPropose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7d5e81e2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function propose(address[] targets, uint256[] values, bytes[] calldatas, string description) returns(uint256)
func (beckonGovernor *BeckonGovernor) PackPropose(targets []common.Address, values []*big.Int, calldatas [][]byte, description string) []byte {
	enc, err := beckonGovernor.abi.Pack("propose", targets, values, calldatas, description)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPropose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7d5e81e2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function propose(address[] targets, uint256[] values, bytes[] calldatas, string description) returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackPropose(targets []common.Address, values []*big.Int, calldatas [][]byte, description string) ([]byte, error) {
	return beckonGovernor.abi.Pack("propose", targets, values, calldatas, description)
}

// UnpackPropose is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7d5e81e2.
//
// Solidity: function propose(address[] targets, uint256[] values, bytes[] calldatas, string description) returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackPropose(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("propose", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackQueue is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x160cbed7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function queue(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns(uint256)
func (beckonGovernor *BeckonGovernor) PackQueue(targets []common.Address, values []*big.Int, calldatas [][]byte, descriptionHash [32]byte) []byte {
	enc, err := beckonGovernor.abi.Pack("queue", targets, values, calldatas, descriptionHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackQueue is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x160cbed7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function queue(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackQueue(targets []common.Address, values []*big.Int, calldatas [][]byte, descriptionHash [32]byte) ([]byte, error) {
	return beckonGovernor.abi.Pack("queue", targets, values, calldatas, descriptionHash)
}

// UnpackQueue is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x160cbed7.
//
// Solidity: function queue(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackQueue(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("queue", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackQuorum is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf8ce560a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function quorum(uint256 timepoint) view returns(uint256)
func (beckonGovernor *BeckonGovernor) PackQuorum(timepoint *big.Int) []byte {
	enc, err := beckonGovernor.abi.Pack("quorum", timepoint)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackQuorum is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf8ce560a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function quorum(uint256 timepoint) view returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackQuorum(timepoint *big.Int) ([]byte, error) {
	return beckonGovernor.abi.Pack("quorum", timepoint)
}

// UnpackQuorum is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf8ce560a.
//
// Solidity: function quorum(uint256 timepoint) view returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackQuorum(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("quorum", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackQuorumDenominator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x97c3d334.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function quorumDenominator() view returns(uint256)
func (beckonGovernor *BeckonGovernor) PackQuorumDenominator() []byte {
	enc, err := beckonGovernor.abi.Pack("quorumDenominator")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackQuorumDenominator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x97c3d334.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function quorumDenominator() view returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackQuorumDenominator() ([]byte, error) {
	return beckonGovernor.abi.Pack("quorumDenominator")
}

// UnpackQuorumDenominator is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x97c3d334.
//
// Solidity: function quorumDenominator() view returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackQuorumDenominator(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("quorumDenominator", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackQuorumNumerator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x60c4247f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function quorumNumerator(uint256 timepoint) view returns(uint256)
func (beckonGovernor *BeckonGovernor) PackQuorumNumerator(timepoint *big.Int) []byte {
	enc, err := beckonGovernor.abi.Pack("quorumNumerator", timepoint)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackQuorumNumerator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x60c4247f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function quorumNumerator(uint256 timepoint) view returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackQuorumNumerator(timepoint *big.Int) ([]byte, error) {
	return beckonGovernor.abi.Pack("quorumNumerator", timepoint)
}

// UnpackQuorumNumerator is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x60c4247f.
//
// Solidity: function quorumNumerator(uint256 timepoint) view returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackQuorumNumerator(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("quorumNumerator", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackQuorumNumerator0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa7713a70.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function quorumNumerator() view returns(uint256)
func (beckonGovernor *BeckonGovernor) PackQuorumNumerator0() []byte {
	enc, err := beckonGovernor.abi.Pack("quorumNumerator0")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackQuorumNumerator0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa7713a70.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function quorumNumerator() view returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackQuorumNumerator0() ([]byte, error) {
	return beckonGovernor.abi.Pack("quorumNumerator0")
}

// UnpackQuorumNumerator0 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa7713a70.
//
// Solidity: function quorumNumerator() view returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackQuorumNumerator0(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("quorumNumerator0", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackRelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc28bc2fa.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function relay(address target, uint256 value, bytes data) payable returns()
func (beckonGovernor *BeckonGovernor) PackRelay(target common.Address, value *big.Int, data []byte) []byte {
	enc, err := beckonGovernor.abi.Pack("relay", target, value, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc28bc2fa.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function relay(address target, uint256 value, bytes data) payable returns()
func (beckonGovernor *BeckonGovernor) TryPackRelay(target common.Address, value *big.Int, data []byte) ([]byte, error) {
	return beckonGovernor.abi.Pack("relay", target, value, data)
}

// PackSetProposalThreshold is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xece40cc1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setProposalThreshold(uint256 newProposalThreshold) returns()
func (beckonGovernor *BeckonGovernor) PackSetProposalThreshold(newProposalThreshold *big.Int) []byte {
	enc, err := beckonGovernor.abi.Pack("setProposalThreshold", newProposalThreshold)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetProposalThreshold is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xece40cc1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setProposalThreshold(uint256 newProposalThreshold) returns()
func (beckonGovernor *BeckonGovernor) TryPackSetProposalThreshold(newProposalThreshold *big.Int) ([]byte, error) {
	return beckonGovernor.abi.Pack("setProposalThreshold", newProposalThreshold)
}

// PackSetVotingDelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x79051887.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setVotingDelay(uint48 newVotingDelay) returns()
func (beckonGovernor *BeckonGovernor) PackSetVotingDelay(newVotingDelay *big.Int) []byte {
	enc, err := beckonGovernor.abi.Pack("setVotingDelay", newVotingDelay)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetVotingDelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x79051887.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setVotingDelay(uint48 newVotingDelay) returns()
func (beckonGovernor *BeckonGovernor) TryPackSetVotingDelay(newVotingDelay *big.Int) ([]byte, error) {
	return beckonGovernor.abi.Pack("setVotingDelay", newVotingDelay)
}

// PackSetVotingPeriod is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe540d01d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setVotingPeriod(uint32 newVotingPeriod) returns()
func (beckonGovernor *BeckonGovernor) PackSetVotingPeriod(newVotingPeriod uint32) []byte {
	enc, err := beckonGovernor.abi.Pack("setVotingPeriod", newVotingPeriod)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetVotingPeriod is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe540d01d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setVotingPeriod(uint32 newVotingPeriod) returns()
func (beckonGovernor *BeckonGovernor) TryPackSetVotingPeriod(newVotingPeriod uint32) ([]byte, error) {
	return beckonGovernor.abi.Pack("setVotingPeriod", newVotingPeriod)
}

// PackState is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3e4f49e6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function state(uint256 proposalId) view returns(uint8)
func (beckonGovernor *BeckonGovernor) PackState(proposalId *big.Int) []byte {
	enc, err := beckonGovernor.abi.Pack("state", proposalId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackState is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3e4f49e6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function state(uint256 proposalId) view returns(uint8)
func (beckonGovernor *BeckonGovernor) TryPackState(proposalId *big.Int) ([]byte, error) {
	return beckonGovernor.abi.Pack("state", proposalId)
}

// UnpackState is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3e4f49e6.
//
// Solidity: function state(uint256 proposalId) view returns(uint8)
func (beckonGovernor *BeckonGovernor) UnpackState(data []byte) (uint8, error) {
	out, err := beckonGovernor.abi.Unpack("state", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (beckonGovernor *BeckonGovernor) PackSupportsInterface(interfaceId [4]byte) []byte {
	enc, err := beckonGovernor.abi.Pack("supportsInterface", interfaceId)
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
func (beckonGovernor *BeckonGovernor) TryPackSupportsInterface(interfaceId [4]byte) ([]byte, error) {
	return beckonGovernor.abi.Pack("supportsInterface", interfaceId)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (beckonGovernor *BeckonGovernor) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := beckonGovernor.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function token() view returns(address)
func (beckonGovernor *BeckonGovernor) PackToken() []byte {
	enc, err := beckonGovernor.abi.Pack("token")
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
func (beckonGovernor *BeckonGovernor) TryPackToken() ([]byte, error) {
	return beckonGovernor.abi.Pack("token")
}

// UnpackToken is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfc0c546a.
//
// Solidity: function token() view returns(address)
func (beckonGovernor *BeckonGovernor) UnpackToken(data []byte) (common.Address, error) {
	out, err := beckonGovernor.abi.Unpack("token", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackUpdateQuorumNumerator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06f3f9e6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function updateQuorumNumerator(uint256 newQuorumNumerator) returns()
func (beckonGovernor *BeckonGovernor) PackUpdateQuorumNumerator(newQuorumNumerator *big.Int) []byte {
	enc, err := beckonGovernor.abi.Pack("updateQuorumNumerator", newQuorumNumerator)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUpdateQuorumNumerator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06f3f9e6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function updateQuorumNumerator(uint256 newQuorumNumerator) returns()
func (beckonGovernor *BeckonGovernor) TryPackUpdateQuorumNumerator(newQuorumNumerator *big.Int) ([]byte, error) {
	return beckonGovernor.abi.Pack("updateQuorumNumerator", newQuorumNumerator)
}

// PackVersion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x54fd4d50.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function version() view returns(string)
func (beckonGovernor *BeckonGovernor) PackVersion() []byte {
	enc, err := beckonGovernor.abi.Pack("version")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVersion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x54fd4d50.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function version() view returns(string)
func (beckonGovernor *BeckonGovernor) TryPackVersion() ([]byte, error) {
	return beckonGovernor.abi.Pack("version")
}

// UnpackVersion is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x54fd4d50.
//
// Solidity: function version() view returns(string)
func (beckonGovernor *BeckonGovernor) UnpackVersion(data []byte) (string, error) {
	out, err := beckonGovernor.abi.Unpack("version", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackVotingDelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3932abb1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function votingDelay() view returns(uint256)
func (beckonGovernor *BeckonGovernor) PackVotingDelay() []byte {
	enc, err := beckonGovernor.abi.Pack("votingDelay")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVotingDelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3932abb1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function votingDelay() view returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackVotingDelay() ([]byte, error) {
	return beckonGovernor.abi.Pack("votingDelay")
}

// UnpackVotingDelay is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3932abb1.
//
// Solidity: function votingDelay() view returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackVotingDelay(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("votingDelay", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackVotingPeriod is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x02a251a3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function votingPeriod() view returns(uint256)
func (beckonGovernor *BeckonGovernor) PackVotingPeriod() []byte {
	enc, err := beckonGovernor.abi.Pack("votingPeriod")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVotingPeriod is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x02a251a3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function votingPeriod() view returns(uint256)
func (beckonGovernor *BeckonGovernor) TryPackVotingPeriod() ([]byte, error) {
	return beckonGovernor.abi.Pack("votingPeriod")
}

// UnpackVotingPeriod is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x02a251a3.
//
// Solidity: function votingPeriod() view returns(uint256)
func (beckonGovernor *BeckonGovernor) UnpackVotingPeriod(data []byte) (*big.Int, error) {
	out, err := beckonGovernor.abi.Unpack("votingPeriod", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// BeckonGovernorEIP712DomainChanged represents a EIP712DomainChanged event raised by the BeckonGovernor contract.
type BeckonGovernorEIP712DomainChanged struct {
	Raw *types.Log // Blockchain specific contextual infos
}

const BeckonGovernorEIP712DomainChangedEventName = "EIP712DomainChanged"

// ContractEventName returns the user-defined event name.
func (BeckonGovernorEIP712DomainChanged) ContractEventName() string {
	return BeckonGovernorEIP712DomainChangedEventName
}

// UnpackEIP712DomainChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event EIP712DomainChanged()
func (beckonGovernor *BeckonGovernor) UnpackEIP712DomainChangedEvent(log *types.Log) (*BeckonGovernorEIP712DomainChanged, error) {
	event := "EIP712DomainChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonGovernor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonGovernorEIP712DomainChanged)
	if len(log.Data) > 0 {
		if err := beckonGovernor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonGovernor.abi.Events[event].Inputs {
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

// BeckonGovernorProposalCanceled represents a ProposalCanceled event raised by the BeckonGovernor contract.
type BeckonGovernorProposalCanceled struct {
	ProposalId *big.Int
	Raw        *types.Log // Blockchain specific contextual infos
}

const BeckonGovernorProposalCanceledEventName = "ProposalCanceled"

// ContractEventName returns the user-defined event name.
func (BeckonGovernorProposalCanceled) ContractEventName() string {
	return BeckonGovernorProposalCanceledEventName
}

// UnpackProposalCanceledEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ProposalCanceled(uint256 proposalId)
func (beckonGovernor *BeckonGovernor) UnpackProposalCanceledEvent(log *types.Log) (*BeckonGovernorProposalCanceled, error) {
	event := "ProposalCanceled"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonGovernor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonGovernorProposalCanceled)
	if len(log.Data) > 0 {
		if err := beckonGovernor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonGovernor.abi.Events[event].Inputs {
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

// BeckonGovernorProposalCreated represents a ProposalCreated event raised by the BeckonGovernor contract.
type BeckonGovernorProposalCreated struct {
	ProposalId  *big.Int
	Proposer    common.Address
	Targets     []common.Address
	Values      []*big.Int
	Signatures  []string
	Calldatas   [][]byte
	VoteStart   *big.Int
	VoteEnd     *big.Int
	Description string
	Raw         *types.Log // Blockchain specific contextual infos
}

const BeckonGovernorProposalCreatedEventName = "ProposalCreated"

// ContractEventName returns the user-defined event name.
func (BeckonGovernorProposalCreated) ContractEventName() string {
	return BeckonGovernorProposalCreatedEventName
}

// UnpackProposalCreatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ProposalCreated(uint256 proposalId, address proposer, address[] targets, uint256[] values, string[] signatures, bytes[] calldatas, uint256 voteStart, uint256 voteEnd, string description)
func (beckonGovernor *BeckonGovernor) UnpackProposalCreatedEvent(log *types.Log) (*BeckonGovernorProposalCreated, error) {
	event := "ProposalCreated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonGovernor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonGovernorProposalCreated)
	if len(log.Data) > 0 {
		if err := beckonGovernor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonGovernor.abi.Events[event].Inputs {
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

// BeckonGovernorProposalExecuted represents a ProposalExecuted event raised by the BeckonGovernor contract.
type BeckonGovernorProposalExecuted struct {
	ProposalId *big.Int
	Raw        *types.Log // Blockchain specific contextual infos
}

const BeckonGovernorProposalExecutedEventName = "ProposalExecuted"

// ContractEventName returns the user-defined event name.
func (BeckonGovernorProposalExecuted) ContractEventName() string {
	return BeckonGovernorProposalExecutedEventName
}

// UnpackProposalExecutedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ProposalExecuted(uint256 proposalId)
func (beckonGovernor *BeckonGovernor) UnpackProposalExecutedEvent(log *types.Log) (*BeckonGovernorProposalExecuted, error) {
	event := "ProposalExecuted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonGovernor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonGovernorProposalExecuted)
	if len(log.Data) > 0 {
		if err := beckonGovernor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonGovernor.abi.Events[event].Inputs {
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

// BeckonGovernorProposalQueued represents a ProposalQueued event raised by the BeckonGovernor contract.
type BeckonGovernorProposalQueued struct {
	ProposalId *big.Int
	EtaSeconds *big.Int
	Raw        *types.Log // Blockchain specific contextual infos
}

const BeckonGovernorProposalQueuedEventName = "ProposalQueued"

// ContractEventName returns the user-defined event name.
func (BeckonGovernorProposalQueued) ContractEventName() string {
	return BeckonGovernorProposalQueuedEventName
}

// UnpackProposalQueuedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ProposalQueued(uint256 proposalId, uint256 etaSeconds)
func (beckonGovernor *BeckonGovernor) UnpackProposalQueuedEvent(log *types.Log) (*BeckonGovernorProposalQueued, error) {
	event := "ProposalQueued"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonGovernor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonGovernorProposalQueued)
	if len(log.Data) > 0 {
		if err := beckonGovernor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonGovernor.abi.Events[event].Inputs {
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

// BeckonGovernorProposalThresholdSet represents a ProposalThresholdSet event raised by the BeckonGovernor contract.
type BeckonGovernorProposalThresholdSet struct {
	OldProposalThreshold *big.Int
	NewProposalThreshold *big.Int
	Raw                  *types.Log // Blockchain specific contextual infos
}

const BeckonGovernorProposalThresholdSetEventName = "ProposalThresholdSet"

// ContractEventName returns the user-defined event name.
func (BeckonGovernorProposalThresholdSet) ContractEventName() string {
	return BeckonGovernorProposalThresholdSetEventName
}

// UnpackProposalThresholdSetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ProposalThresholdSet(uint256 oldProposalThreshold, uint256 newProposalThreshold)
func (beckonGovernor *BeckonGovernor) UnpackProposalThresholdSetEvent(log *types.Log) (*BeckonGovernorProposalThresholdSet, error) {
	event := "ProposalThresholdSet"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonGovernor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonGovernorProposalThresholdSet)
	if len(log.Data) > 0 {
		if err := beckonGovernor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonGovernor.abi.Events[event].Inputs {
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

// BeckonGovernorQuorumNumeratorUpdated represents a QuorumNumeratorUpdated event raised by the BeckonGovernor contract.
type BeckonGovernorQuorumNumeratorUpdated struct {
	OldQuorumNumerator *big.Int
	NewQuorumNumerator *big.Int
	Raw                *types.Log // Blockchain specific contextual infos
}

const BeckonGovernorQuorumNumeratorUpdatedEventName = "QuorumNumeratorUpdated"

// ContractEventName returns the user-defined event name.
func (BeckonGovernorQuorumNumeratorUpdated) ContractEventName() string {
	return BeckonGovernorQuorumNumeratorUpdatedEventName
}

// UnpackQuorumNumeratorUpdatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event QuorumNumeratorUpdated(uint256 oldQuorumNumerator, uint256 newQuorumNumerator)
func (beckonGovernor *BeckonGovernor) UnpackQuorumNumeratorUpdatedEvent(log *types.Log) (*BeckonGovernorQuorumNumeratorUpdated, error) {
	event := "QuorumNumeratorUpdated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonGovernor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonGovernorQuorumNumeratorUpdated)
	if len(log.Data) > 0 {
		if err := beckonGovernor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonGovernor.abi.Events[event].Inputs {
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

// BeckonGovernorVoteCast represents a VoteCast event raised by the BeckonGovernor contract.
type BeckonGovernorVoteCast struct {
	Voter      common.Address
	ProposalId *big.Int
	Support    uint8
	Weight     *big.Int
	Reason     string
	Raw        *types.Log // Blockchain specific contextual infos
}

const BeckonGovernorVoteCastEventName = "VoteCast"

// ContractEventName returns the user-defined event name.
func (BeckonGovernorVoteCast) ContractEventName() string {
	return BeckonGovernorVoteCastEventName
}

// UnpackVoteCastEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason)
func (beckonGovernor *BeckonGovernor) UnpackVoteCastEvent(log *types.Log) (*BeckonGovernorVoteCast, error) {
	event := "VoteCast"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonGovernor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonGovernorVoteCast)
	if len(log.Data) > 0 {
		if err := beckonGovernor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonGovernor.abi.Events[event].Inputs {
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

// BeckonGovernorVoteCastWithParams represents a VoteCastWithParams event raised by the BeckonGovernor contract.
type BeckonGovernorVoteCastWithParams struct {
	Voter      common.Address
	ProposalId *big.Int
	Support    uint8
	Weight     *big.Int
	Reason     string
	Params     []byte
	Raw        *types.Log // Blockchain specific contextual infos
}

const BeckonGovernorVoteCastWithParamsEventName = "VoteCastWithParams"

// ContractEventName returns the user-defined event name.
func (BeckonGovernorVoteCastWithParams) ContractEventName() string {
	return BeckonGovernorVoteCastWithParamsEventName
}

// UnpackVoteCastWithParamsEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event VoteCastWithParams(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason, bytes params)
func (beckonGovernor *BeckonGovernor) UnpackVoteCastWithParamsEvent(log *types.Log) (*BeckonGovernorVoteCastWithParams, error) {
	event := "VoteCastWithParams"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonGovernor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonGovernorVoteCastWithParams)
	if len(log.Data) > 0 {
		if err := beckonGovernor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonGovernor.abi.Events[event].Inputs {
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

// BeckonGovernorVotingDelaySet represents a VotingDelaySet event raised by the BeckonGovernor contract.
type BeckonGovernorVotingDelaySet struct {
	OldVotingDelay *big.Int
	NewVotingDelay *big.Int
	Raw            *types.Log // Blockchain specific contextual infos
}

const BeckonGovernorVotingDelaySetEventName = "VotingDelaySet"

// ContractEventName returns the user-defined event name.
func (BeckonGovernorVotingDelaySet) ContractEventName() string {
	return BeckonGovernorVotingDelaySetEventName
}

// UnpackVotingDelaySetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event VotingDelaySet(uint256 oldVotingDelay, uint256 newVotingDelay)
func (beckonGovernor *BeckonGovernor) UnpackVotingDelaySetEvent(log *types.Log) (*BeckonGovernorVotingDelaySet, error) {
	event := "VotingDelaySet"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonGovernor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonGovernorVotingDelaySet)
	if len(log.Data) > 0 {
		if err := beckonGovernor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonGovernor.abi.Events[event].Inputs {
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

// BeckonGovernorVotingPeriodSet represents a VotingPeriodSet event raised by the BeckonGovernor contract.
type BeckonGovernorVotingPeriodSet struct {
	OldVotingPeriod *big.Int
	NewVotingPeriod *big.Int
	Raw             *types.Log // Blockchain specific contextual infos
}

const BeckonGovernorVotingPeriodSetEventName = "VotingPeriodSet"

// ContractEventName returns the user-defined event name.
func (BeckonGovernorVotingPeriodSet) ContractEventName() string {
	return BeckonGovernorVotingPeriodSetEventName
}

// UnpackVotingPeriodSetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event VotingPeriodSet(uint256 oldVotingPeriod, uint256 newVotingPeriod)
func (beckonGovernor *BeckonGovernor) UnpackVotingPeriodSetEvent(log *types.Log) (*BeckonGovernorVotingPeriodSet, error) {
	event := "VotingPeriodSet"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonGovernor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonGovernorVotingPeriodSet)
	if len(log.Data) > 0 {
		if err := beckonGovernor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonGovernor.abi.Events[event].Inputs {
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
func (beckonGovernor *BeckonGovernor) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["CheckpointUnorderedInsertion"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackCheckpointUnorderedInsertionError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["ERC6372InconsistentClock"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackERC6372InconsistentClockError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["FailedCall"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackFailedCallError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorAlreadyCastVote"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorAlreadyCastVoteError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorAlreadyQueuedProposal"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorAlreadyQueuedProposalError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorDisabledDeposit"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorDisabledDepositError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorInsufficientProposerVotes"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorInsufficientProposerVotesError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorInvalidProposalLength"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorInvalidProposalLengthError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorInvalidQuorumFraction"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorInvalidQuorumFractionError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorInvalidSignature"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorInvalidSignatureError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorInvalidVoteParams"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorInvalidVoteParamsError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorInvalidVoteType"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorInvalidVoteTypeError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorInvalidVotingPeriod"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorInvalidVotingPeriodError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorNonexistentProposal"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorNonexistentProposalError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorOnlyExecutor"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorOnlyExecutorError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorProposalQueueingFailed"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorProposalQueueingFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorProposalQueueingNotRequired"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorProposalQueueingNotRequiredError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorRestrictedProposer"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorRestrictedProposerError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorUnableToCancel"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorUnableToCancelError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["GovernorUnexpectedProposalState"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackGovernorUnexpectedProposalStateError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["InvalidAccountNonce"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackInvalidAccountNonceError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["InvalidShortString"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackInvalidShortStringError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["SafeCastOverflowedUintDowncast"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackSafeCastOverflowedUintDowncastError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonGovernor.abi.Errors["StringTooLong"].ID.Bytes()[:4]) {
		return beckonGovernor.UnpackStringTooLongError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// BeckonGovernorCheckpointUnorderedInsertion represents a CheckpointUnorderedInsertion error raised by the BeckonGovernor contract.
type BeckonGovernorCheckpointUnorderedInsertion struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error CheckpointUnorderedInsertion()
func BeckonGovernorCheckpointUnorderedInsertionErrorID() common.Hash {
	return common.HexToHash("0x2520601d9d60b717c34a36ad270857824c5a1ebbfd08ff39aba6930089495cfa")
}

// UnpackCheckpointUnorderedInsertionError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error CheckpointUnorderedInsertion()
func (beckonGovernor *BeckonGovernor) UnpackCheckpointUnorderedInsertionError(raw []byte) (*BeckonGovernorCheckpointUnorderedInsertion, error) {
	out := new(BeckonGovernorCheckpointUnorderedInsertion)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "CheckpointUnorderedInsertion", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorERC6372InconsistentClock represents a ERC6372InconsistentClock error raised by the BeckonGovernor contract.
type BeckonGovernorERC6372InconsistentClock struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC6372InconsistentClock()
func BeckonGovernorERC6372InconsistentClockErrorID() common.Hash {
	return common.HexToHash("0x6ff07140ae905cb0f8e72fb38f5dd8e756c387b0065be0e1bf85bd0621a43dc7")
}

// UnpackERC6372InconsistentClockError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC6372InconsistentClock()
func (beckonGovernor *BeckonGovernor) UnpackERC6372InconsistentClockError(raw []byte) (*BeckonGovernorERC6372InconsistentClock, error) {
	out := new(BeckonGovernorERC6372InconsistentClock)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "ERC6372InconsistentClock", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorFailedCall represents a FailedCall error raised by the BeckonGovernor contract.
type BeckonGovernorFailedCall struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error FailedCall()
func BeckonGovernorFailedCallErrorID() common.Hash {
	return common.HexToHash("0xd6bda27508c0fb6d8a39b4b122878dab26f731a7d4e4abe711dd3731899052a4")
}

// UnpackFailedCallError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error FailedCall()
func (beckonGovernor *BeckonGovernor) UnpackFailedCallError(raw []byte) (*BeckonGovernorFailedCall, error) {
	out := new(BeckonGovernorFailedCall)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "FailedCall", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorAlreadyCastVote represents a GovernorAlreadyCastVote error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorAlreadyCastVote struct {
	Voter common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorAlreadyCastVote(address voter)
func BeckonGovernorGovernorAlreadyCastVoteErrorID() common.Hash {
	return common.HexToHash("0x71c6af4932ed543cdb181fcbb800f4b9940a2ccceeaee5e6e141de8c50856ede")
}

// UnpackGovernorAlreadyCastVoteError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorAlreadyCastVote(address voter)
func (beckonGovernor *BeckonGovernor) UnpackGovernorAlreadyCastVoteError(raw []byte) (*BeckonGovernorGovernorAlreadyCastVote, error) {
	out := new(BeckonGovernorGovernorAlreadyCastVote)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorAlreadyCastVote", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorAlreadyQueuedProposal represents a GovernorAlreadyQueuedProposal error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorAlreadyQueuedProposal struct {
	ProposalId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorAlreadyQueuedProposal(uint256 proposalId)
func BeckonGovernorGovernorAlreadyQueuedProposalErrorID() common.Hash {
	return common.HexToHash("0xf20e7d374e58691196b2e081c7753efc94203ab3520c58efe153076e279fde0a")
}

// UnpackGovernorAlreadyQueuedProposalError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorAlreadyQueuedProposal(uint256 proposalId)
func (beckonGovernor *BeckonGovernor) UnpackGovernorAlreadyQueuedProposalError(raw []byte) (*BeckonGovernorGovernorAlreadyQueuedProposal, error) {
	out := new(BeckonGovernorGovernorAlreadyQueuedProposal)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorAlreadyQueuedProposal", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorDisabledDeposit represents a GovernorDisabledDeposit error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorDisabledDeposit struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorDisabledDeposit()
func BeckonGovernorGovernorDisabledDepositErrorID() common.Hash {
	return common.HexToHash("0xe90a651e5fdea7022846d10b5f36994c22e1f46db4b5021aa3e26ad83b24bfd8")
}

// UnpackGovernorDisabledDepositError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorDisabledDeposit()
func (beckonGovernor *BeckonGovernor) UnpackGovernorDisabledDepositError(raw []byte) (*BeckonGovernorGovernorDisabledDeposit, error) {
	out := new(BeckonGovernorGovernorDisabledDeposit)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorDisabledDeposit", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorInsufficientProposerVotes represents a GovernorInsufficientProposerVotes error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorInsufficientProposerVotes struct {
	Proposer  common.Address
	Votes     *big.Int
	Threshold *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorInsufficientProposerVotes(address proposer, uint256 votes, uint256 threshold)
func BeckonGovernorGovernorInsufficientProposerVotesErrorID() common.Hash {
	return common.HexToHash("0xc242ee16ab08d11dbce60e744efdbd91b4e07ac4c074d993992519795a6324d0")
}

// UnpackGovernorInsufficientProposerVotesError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorInsufficientProposerVotes(address proposer, uint256 votes, uint256 threshold)
func (beckonGovernor *BeckonGovernor) UnpackGovernorInsufficientProposerVotesError(raw []byte) (*BeckonGovernorGovernorInsufficientProposerVotes, error) {
	out := new(BeckonGovernorGovernorInsufficientProposerVotes)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorInsufficientProposerVotes", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorInvalidProposalLength represents a GovernorInvalidProposalLength error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorInvalidProposalLength struct {
	Targets   *big.Int
	Calldatas *big.Int
	Values    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorInvalidProposalLength(uint256 targets, uint256 calldatas, uint256 values)
func BeckonGovernorGovernorInvalidProposalLengthErrorID() common.Hash {
	return common.HexToHash("0x447b05d0c41e339e22932be48ca2091a47f3c39df25e2152ad11a8729753b2b4")
}

// UnpackGovernorInvalidProposalLengthError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorInvalidProposalLength(uint256 targets, uint256 calldatas, uint256 values)
func (beckonGovernor *BeckonGovernor) UnpackGovernorInvalidProposalLengthError(raw []byte) (*BeckonGovernorGovernorInvalidProposalLength, error) {
	out := new(BeckonGovernorGovernorInvalidProposalLength)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorInvalidProposalLength", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorInvalidQuorumFraction represents a GovernorInvalidQuorumFraction error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorInvalidQuorumFraction struct {
	QuorumNumerator   *big.Int
	QuorumDenominator *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorInvalidQuorumFraction(uint256 quorumNumerator, uint256 quorumDenominator)
func BeckonGovernorGovernorInvalidQuorumFractionErrorID() common.Hash {
	return common.HexToHash("0x243e5445050913bb1c3de7a2f82eba0c3b0b8a55c2aacf660392fa35087a1919")
}

// UnpackGovernorInvalidQuorumFractionError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorInvalidQuorumFraction(uint256 quorumNumerator, uint256 quorumDenominator)
func (beckonGovernor *BeckonGovernor) UnpackGovernorInvalidQuorumFractionError(raw []byte) (*BeckonGovernorGovernorInvalidQuorumFraction, error) {
	out := new(BeckonGovernorGovernorInvalidQuorumFraction)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorInvalidQuorumFraction", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorInvalidSignature represents a GovernorInvalidSignature error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorInvalidSignature struct {
	Voter common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorInvalidSignature(address voter)
func BeckonGovernorGovernorInvalidSignatureErrorID() common.Hash {
	return common.HexToHash("0x94ab6c07905fb25046d2809e4563b09690f891c9495bfe19551d602e7eddbb1b")
}

// UnpackGovernorInvalidSignatureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorInvalidSignature(address voter)
func (beckonGovernor *BeckonGovernor) UnpackGovernorInvalidSignatureError(raw []byte) (*BeckonGovernorGovernorInvalidSignature, error) {
	out := new(BeckonGovernorGovernorInvalidSignature)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorInvalidSignature", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorInvalidVoteParams represents a GovernorInvalidVoteParams error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorInvalidVoteParams struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorInvalidVoteParams()
func BeckonGovernorGovernorInvalidVoteParamsErrorID() common.Hash {
	return common.HexToHash("0x867db7717d0cc803be5726127d33cc17ae07776705d8ba6659af8aaa5b418dd8")
}

// UnpackGovernorInvalidVoteParamsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorInvalidVoteParams()
func (beckonGovernor *BeckonGovernor) UnpackGovernorInvalidVoteParamsError(raw []byte) (*BeckonGovernorGovernorInvalidVoteParams, error) {
	out := new(BeckonGovernorGovernorInvalidVoteParams)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorInvalidVoteParams", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorInvalidVoteType represents a GovernorInvalidVoteType error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorInvalidVoteType struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorInvalidVoteType()
func BeckonGovernorGovernorInvalidVoteTypeErrorID() common.Hash {
	return common.HexToHash("0x06b337c26289d63178b4d4ed5fd513f38a1d8832d0edd309ef07bfc9ba5caf49")
}

// UnpackGovernorInvalidVoteTypeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorInvalidVoteType()
func (beckonGovernor *BeckonGovernor) UnpackGovernorInvalidVoteTypeError(raw []byte) (*BeckonGovernorGovernorInvalidVoteType, error) {
	out := new(BeckonGovernorGovernorInvalidVoteType)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorInvalidVoteType", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorInvalidVotingPeriod represents a GovernorInvalidVotingPeriod error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorInvalidVotingPeriod struct {
	VotingPeriod *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorInvalidVotingPeriod(uint256 votingPeriod)
func BeckonGovernorGovernorInvalidVotingPeriodErrorID() common.Hash {
	return common.HexToHash("0xf1cfbf057db43f9730bc42a52728d66da9151a5c6929758ee824e299f82f5689")
}

// UnpackGovernorInvalidVotingPeriodError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorInvalidVotingPeriod(uint256 votingPeriod)
func (beckonGovernor *BeckonGovernor) UnpackGovernorInvalidVotingPeriodError(raw []byte) (*BeckonGovernorGovernorInvalidVotingPeriod, error) {
	out := new(BeckonGovernorGovernorInvalidVotingPeriod)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorInvalidVotingPeriod", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorNonexistentProposal represents a GovernorNonexistentProposal error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorNonexistentProposal struct {
	ProposalId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorNonexistentProposal(uint256 proposalId)
func BeckonGovernorGovernorNonexistentProposalErrorID() common.Hash {
	return common.HexToHash("0x6ad06075316ea071ccae80931b756598be5aad3433b2c47b38607a8eec344a70")
}

// UnpackGovernorNonexistentProposalError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorNonexistentProposal(uint256 proposalId)
func (beckonGovernor *BeckonGovernor) UnpackGovernorNonexistentProposalError(raw []byte) (*BeckonGovernorGovernorNonexistentProposal, error) {
	out := new(BeckonGovernorGovernorNonexistentProposal)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorNonexistentProposal", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorOnlyExecutor represents a GovernorOnlyExecutor error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorOnlyExecutor struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorOnlyExecutor(address account)
func BeckonGovernorGovernorOnlyExecutorErrorID() common.Hash {
	return common.HexToHash("0x47096e4749c231af946d5efc74a7fd817371e756031e98787f18bf70aaa7753c")
}

// UnpackGovernorOnlyExecutorError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorOnlyExecutor(address account)
func (beckonGovernor *BeckonGovernor) UnpackGovernorOnlyExecutorError(raw []byte) (*BeckonGovernorGovernorOnlyExecutor, error) {
	out := new(BeckonGovernorGovernorOnlyExecutor)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorOnlyExecutor", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorProposalQueueingFailed represents a GovernorProposalQueueingFailed error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorProposalQueueingFailed struct {
	ProposalId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorProposalQueueingFailed(uint256 proposalId)
func BeckonGovernorGovernorProposalQueueingFailedErrorID() common.Hash {
	return common.HexToHash("0xab2d0311b12775d840d040f070d41586c4d88ef7337d352d0dfa2a1ede1d73e0")
}

// UnpackGovernorProposalQueueingFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorProposalQueueingFailed(uint256 proposalId)
func (beckonGovernor *BeckonGovernor) UnpackGovernorProposalQueueingFailedError(raw []byte) (*BeckonGovernorGovernorProposalQueueingFailed, error) {
	out := new(BeckonGovernorGovernorProposalQueueingFailed)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorProposalQueueingFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorProposalQueueingNotRequired represents a GovernorProposalQueueingNotRequired error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorProposalQueueingNotRequired struct {
	ProposalId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorProposalQueueingNotRequired(uint256 proposalId)
func BeckonGovernorGovernorProposalQueueingNotRequiredErrorID() common.Hash {
	return common.HexToHash("0xd838bcb7f156d6ff91334907349273614e60ebfac1fd90f5ce25b84cd6c61a09")
}

// UnpackGovernorProposalQueueingNotRequiredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorProposalQueueingNotRequired(uint256 proposalId)
func (beckonGovernor *BeckonGovernor) UnpackGovernorProposalQueueingNotRequiredError(raw []byte) (*BeckonGovernorGovernorProposalQueueingNotRequired, error) {
	out := new(BeckonGovernorGovernorProposalQueueingNotRequired)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorProposalQueueingNotRequired", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorRestrictedProposer represents a GovernorRestrictedProposer error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorRestrictedProposer struct {
	Proposer common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorRestrictedProposer(address proposer)
func BeckonGovernorGovernorRestrictedProposerErrorID() common.Hash {
	return common.HexToHash("0xd9b395579c6f1566cc7608394c53136f366f7fa719d01a941bee075ef8c704f4")
}

// UnpackGovernorRestrictedProposerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorRestrictedProposer(address proposer)
func (beckonGovernor *BeckonGovernor) UnpackGovernorRestrictedProposerError(raw []byte) (*BeckonGovernorGovernorRestrictedProposer, error) {
	out := new(BeckonGovernorGovernorRestrictedProposer)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorRestrictedProposer", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorUnableToCancel represents a GovernorUnableToCancel error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorUnableToCancel struct {
	ProposalId *big.Int
	Account    common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorUnableToCancel(uint256 proposalId, address account)
func BeckonGovernorGovernorUnableToCancelErrorID() common.Hash {
	return common.HexToHash("0x8fe5d8a9809b4b1a3569a8d98ce25e21fb956a89b6b9a2741d15bc699f46ef07")
}

// UnpackGovernorUnableToCancelError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorUnableToCancel(uint256 proposalId, address account)
func (beckonGovernor *BeckonGovernor) UnpackGovernorUnableToCancelError(raw []byte) (*BeckonGovernorGovernorUnableToCancel, error) {
	out := new(BeckonGovernorGovernorUnableToCancel)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorUnableToCancel", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorGovernorUnexpectedProposalState represents a GovernorUnexpectedProposalState error raised by the BeckonGovernor contract.
type BeckonGovernorGovernorUnexpectedProposalState struct {
	ProposalId     *big.Int
	Current        uint8
	ExpectedStates [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GovernorUnexpectedProposalState(uint256 proposalId, uint8 current, bytes32 expectedStates)
func BeckonGovernorGovernorUnexpectedProposalStateErrorID() common.Hash {
	return common.HexToHash("0x31b75e4d4f8317c390cf01cbc79dfe4f67ce2d27f65a099074fdc67f00f76908")
}

// UnpackGovernorUnexpectedProposalStateError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GovernorUnexpectedProposalState(uint256 proposalId, uint8 current, bytes32 expectedStates)
func (beckonGovernor *BeckonGovernor) UnpackGovernorUnexpectedProposalStateError(raw []byte) (*BeckonGovernorGovernorUnexpectedProposalState, error) {
	out := new(BeckonGovernorGovernorUnexpectedProposalState)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "GovernorUnexpectedProposalState", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorInvalidAccountNonce represents a InvalidAccountNonce error raised by the BeckonGovernor contract.
type BeckonGovernorInvalidAccountNonce struct {
	Account      common.Address
	CurrentNonce *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidAccountNonce(address account, uint256 currentNonce)
func BeckonGovernorInvalidAccountNonceErrorID() common.Hash {
	return common.HexToHash("0x752d88c0de02638abf10e8e31861e4c68dc1f3a1e7d840e580683f2c282bfc7a")
}

// UnpackInvalidAccountNonceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidAccountNonce(address account, uint256 currentNonce)
func (beckonGovernor *BeckonGovernor) UnpackInvalidAccountNonceError(raw []byte) (*BeckonGovernorInvalidAccountNonce, error) {
	out := new(BeckonGovernorInvalidAccountNonce)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "InvalidAccountNonce", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorInvalidShortString represents a InvalidShortString error raised by the BeckonGovernor contract.
type BeckonGovernorInvalidShortString struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidShortString()
func BeckonGovernorInvalidShortStringErrorID() common.Hash {
	return common.HexToHash("0xb3512b0c6163e5f0bafab72bb631b9d58cd7a731b082f910338aa21c83d5c274")
}

// UnpackInvalidShortStringError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidShortString()
func (beckonGovernor *BeckonGovernor) UnpackInvalidShortStringError(raw []byte) (*BeckonGovernorInvalidShortString, error) {
	out := new(BeckonGovernorInvalidShortString)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "InvalidShortString", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorSafeCastOverflowedUintDowncast represents a SafeCastOverflowedUintDowncast error raised by the BeckonGovernor contract.
type BeckonGovernorSafeCastOverflowedUintDowncast struct {
	Bits  uint8
	Value *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SafeCastOverflowedUintDowncast(uint8 bits, uint256 value)
func BeckonGovernorSafeCastOverflowedUintDowncastErrorID() common.Hash {
	return common.HexToHash("0x6dfcc6503a32754ce7a89698e18201fc5294fd4aad43edefee786f88423b1a12")
}

// UnpackSafeCastOverflowedUintDowncastError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SafeCastOverflowedUintDowncast(uint8 bits, uint256 value)
func (beckonGovernor *BeckonGovernor) UnpackSafeCastOverflowedUintDowncastError(raw []byte) (*BeckonGovernorSafeCastOverflowedUintDowncast, error) {
	out := new(BeckonGovernorSafeCastOverflowedUintDowncast)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "SafeCastOverflowedUintDowncast", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonGovernorStringTooLong represents a StringTooLong error raised by the BeckonGovernor contract.
type BeckonGovernorStringTooLong struct {
	Str string
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error StringTooLong(string str)
func BeckonGovernorStringTooLongErrorID() common.Hash {
	return common.HexToHash("0x305a27a93f8e33b7392df0a0f91d6fc63847395853c45991eec52dbf24d72381")
}

// UnpackStringTooLongError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error StringTooLong(string str)
func (beckonGovernor *BeckonGovernor) UnpackStringTooLongError(raw []byte) (*BeckonGovernorStringTooLong, error) {
	out := new(BeckonGovernorStringTooLong)
	if err := beckonGovernor.abi.UnpackIntoInterface(out, "StringTooLong", raw); err != nil {
		return nil, err
	}
	return out, nil
}
