// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package badge

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

// BeckonBadgeMetaData contains all meta data concerning the BeckonBadge contract.
var BeckonBadgeMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"string\",\"name\":\"uri_\",\"type\":\"string\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"AccessControlBadConfirmation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"neededRole\",\"type\":\"bytes32\"}],\"name\":\"AccessControlUnauthorizedAccount\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"balance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"ERC1155InsufficientBalance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"approver\",\"type\":\"address\"}],\"name\":\"ERC1155InvalidApprover\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"idsLength\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"valuesLength\",\"type\":\"uint256\"}],\"name\":\"ERC1155InvalidArrayLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"}],\"name\":\"ERC1155InvalidOperator\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"ERC1155InvalidReceiver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"ERC1155InvalidSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"ERC1155MissingApprovalForAll\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"Soulbound\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"approved\",\"type\":\"bool\"}],\"name\":\"ApprovalForAll\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"previousAdminRole\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"newAdminRole\",\"type\":\"bytes32\"}],\"name\":\"RoleAdminChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleGranted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleRevoked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256[]\",\"name\":\"ids\",\"type\":\"uint256[]\"},{\"indexed\":false,\"internalType\":\"uint256[]\",\"name\":\"values\",\"type\":\"uint256[]\"}],\"name\":\"TransferBatch\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"TransferSingle\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"string\",\"name\":\"value\",\"type\":\"string\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"URI\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"DEFAULT_ADMIN_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MINTER_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"accounts\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"ids\",\"type\":\"uint256[]\"}],\"name\":\"balanceOfBatch\",\"outputs\":[{\"internalType\":\"uint256[]\",\"name\":\"\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"burn\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"}],\"name\":\"getRoleAdmin\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"grantRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"hasRole\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"}],\"name\":\"isApprovedForAll\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"callerConfirmation\",\"type\":\"address\"}],\"name\":\"renounceRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"revokeRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256[]\",\"name\":\"ids\",\"type\":\"uint256[]\"},{\"internalType\":\"uint256[]\",\"name\":\"values\",\"type\":\"uint256[]\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"safeBatchTransferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"safeTransferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"internalType\":\"bool\",\"name\":\"approved\",\"type\":\"bool\"}],\"name\":\"setApprovalForAll\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"uri\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "BeckonBadge",
	Bin: "0x608060405234801561000f575f5ffd5b5060405161190038038061190083398101604081905261002e91610146565b8061003881610075565b506100435f33610085565b5061006e7f9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a633610085565b5050610343565b60026100818282610285565b5050565b5f8281526003602090815260408083206001600160a01b038516845290915281205460ff16610129575f8381526003602090815260408083206001600160a01b03861684529091529020805460ff191660011790556100e13390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a450600161012c565b505f5b92915050565b634e487b7160e01b5f52604160045260245ffd5b5f60208284031215610156575f5ffd5b81516001600160401b0381111561016b575f5ffd5b8201601f8101841361017b575f5ffd5b80516001600160401b0381111561019457610194610132565b604051601f8201601f19908116603f011681016001600160401b03811182821017156101c2576101c2610132565b6040528181528282016020018610156101d9575f5ffd5b8160208401602083015e5f91810160200191909152949350505050565b600181811c9082168061020a57607f821691505b60208210810361022857634e487b7160e01b5f52602260045260245ffd5b50919050565b601f821115610280578282111561028057805f5260205f20601f840160051c602085101561025957505f5b90810190601f840160051c035f5b8181101561027c575f83820155600101610267565b5050505b505050565b81516001600160401b0381111561029e5761029e610132565b6102b2816102ac84546101f6565b8461022e565b6020601f8211600181146102e4575f83156102cd5750848201515b5f19600385901b1c1916600184901b17845561033c565b5f84815260208120601f198516915b8281101561031357878501518255602094850194600190920191016102f3565b508482101561033057868401515f19600387901b60f8161c191681555b505060018360011b0184555b5050505050565b6115b0806103505f395ff3fe608060405234801561000f575f5ffd5b5060043610610105575f3560e01c80634e1273f41161009e578063d53913931161006e578063d53913931461022f578063d547741f14610256578063e985e9c514610269578063f242432a146102a4578063f5298aca146102b7575f5ffd5b80634e1273f4146101e257806391d1485414610202578063a217fddf14610215578063a22cb4651461021c575f5ffd5b8063248a9ca3116100d9578063248a9ca3146101875780632eb2c2d6146101a95780632f2ff15d146101bc57806336568abe146101cf575f5ffd5b8062fdd58e1461010957806301ffc9a71461012f5780630e89341c14610152578063156e29f614610172575b5f5ffd5b61011c610117366004610f65565b6102ca565b6040519081526020015b60405180910390f35b61014261013d366004610fa2565b6102f1565b6040519015158152602001610126565b610165610160366004610fc4565b6102fb565b6040516101269190611009565b61018561018036600461101b565b61038d565b005b61011c610195366004610fc4565b5f9081526003602052604090206001015490565b6101856101b7366004611189565b6103d7565b6101856101ca366004611238565b6103f6565b6101856101dd366004611238565b61041a565b6101f56101f0366004611262565b610452565b604051610126919061135f565b610142610210366004611238565b610522565b61011c5f81565b61018561022a366004611371565b61054c565b61011c7f9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a681565b610185610264366004611238565b61055b565b6101426102773660046113aa565b6001600160a01b039182165f90815260016020908152604080832093909416825291909152205460ff1690565b6101856102b23660046113d2565b61057f565b6101856102c536600461101b565b610595565b5f818152602081815260408083206001600160a01b03861684529091529020545b92915050565b5f6102eb826105ef565b60606002805461030a90611426565b80601f016020809104026020016040519081016040528092919081815260200182805461033690611426565b80156103815780601f1061035857610100808354040283529160200191610381565b820191905f5260205f20905b81548152906001019060200180831161036457829003601f168201915b50505050509050919050565b7f9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a66103b781610613565b6103d184848460405180602001604052805f815250610620565b50505050565b6103e2335b86610684565b6103ef85858585856106fc565b5050505050565b5f8281526003602052604090206001015461041081610613565b6103d1838361075c565b6001600160a01b03811633146104435760405163334bd91960e11b815260040160405180910390fd5b61044d82826107ed565b505050565b606081518351146104885781518351604051635b05999160e01b8152600481019290925260248201526044015b60405180910390fd5b5f835167ffffffffffffffff8111156104a3576104a361104b565b6040519080825280602002602001820160405280156104cc578160200160208202803683370190505b5090505f5b845181101561051a576020808202860101516104f5906020808402870101516102ca565b8282815181106105075761050761145e565b60209081029190910101526001016104d1565b509392505050565b5f9182526003602090815260408084206001600160a01b0393909316845291905290205460ff1690565b610557338383610858565b5050565b5f8281526003602052604090206001015461057581610613565b6103d183836107ed565b610588336103dc565b6103ef8585858585610915565b6001600160a01b03831633148015906105b557506105b38333610277565b155b156105e45760405163711bec9160e11b81523360048201526001600160a01b038416602482015260440161047f565b61044d8383836109a2565b5f6001600160e01b03198216637965db0b60e01b14806102eb57506102eb82610a09565b61061d8133610a58565b50565b6001600160a01b03841661064957604051632bfa23e760e11b81525f600482015260240161047f565b6040805160018082526020820186905281830190815260608201859052608082019092529061067c5f8784848784610a91565b505050505050565b816001600160a01b0316816001600160a01b0316141580156106cb57506001600160a01b038082165f9081526001602090815260408083209386168352929052205460ff16155b156105575760405163711bec9160e11b81526001600160a01b0380841660048301528216602482015260440161047f565b6001600160a01b03841661072557604051632bfa23e760e11b81525f600482015260240161047f565b6001600160a01b03851661074d57604051626a0d4560e21b81525f600482015260240161047f565b6103ef85858585856001610a91565b5f6107678383610522565b6107e6575f8381526003602090815260408083206001600160a01b03861684529091529020805460ff1916600117905561079e3390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a45060016102eb565b505f6102eb565b5f6107f88383610522565b156107e6575f8381526003602090815260408083206001600160a01b0386168085529252808320805460ff1916905551339286917ff6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b9190a45060016102eb565b6001600160a01b03831661088157604051631f18c42760e11b81525f600482015260240161047f565b6001600160a01b0382166108a95760405162ced3e160e81b81525f600482015260240161047f565b6001600160a01b038381165f81815260016020908152604080832094871680845294825291829020805460ff191686151590811790915591519182527f17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31910160405180910390a3505050565b6001600160a01b03841661093e57604051632bfa23e760e11b81525f600482015260240161047f565b6001600160a01b03851661096657604051626a0d4560e21b81525f600482015260240161047f565b6040805160018082526020820186905281830190815260608201859052608082019092529061099987878484875f610a91565b50505050505050565b6001600160a01b0383166109ca57604051626a0d4560e21b81525f600482015260240161047f565b604080516001808252602082018590528183019081526060820184905260a082019092525f608082018181529192916103ef9187918590859083610a91565b5f6001600160e01b03198216636cdb3d1360e11b1480610a3957506001600160e01b031982166303a24d0760e21b145b806102eb57506301ffc9a760e01b6001600160e01b03198316146102eb565b610a628282610522565b6105575760405163e2517d3f60e01b81526001600160a01b03821660048201526024810183905260440161047f565b610a9d86868686610ae9565b6001600160a01b0385161561067c57338115610ac657610ac1818888888888610b33565b610999565b60208581015190850151610ade838a8a85858a610c54565b505050505050505050565b6001600160a01b03841615801590610b0957506001600160a01b03831615155b15610b275760405163a4420a9560e01b815260040160405180910390fd5b6103d184848484610d3b565b6001600160a01b0384163b1561067c5760405163bc197c8160e01b81526001600160a01b0385169063bc197c8190610b779089908990889088908890600401611472565b6020604051808303815f875af1925050508015610bb1575060408051601f3d908101601f19168201909252610bae918101906114cf565b60015b610c18573d808015610bde576040519150601f19603f3d011682016040523d82523d5f602084013e610be3565b606091505b5080515f03610c1057604051632bfa23e760e11b81526001600160a01b038616600482015260240161047f565b805160208201fd5b6001600160e01b0319811663bc197c8160e01b1461099957604051632bfa23e760e11b81526001600160a01b038616600482015260240161047f565b6001600160a01b0384163b1561067c5760405163f23a6e6160e01b81526001600160a01b0385169063f23a6e6190610c9890899089908890889088906004016114ea565b6020604051808303815f875af1925050508015610cd2575060408051601f3d908101601f19168201909252610ccf918101906114cf565b60015b610cff573d808015610bde576040519150601f19603f3d011682016040523d82523d5f602084013e610be3565b6001600160e01b0319811663f23a6e6160e01b1461099957604051632bfa23e760e11b81526001600160a01b038616600482015260240161047f565b8051825114610d6a5781518151604051635b05999160e01b81526004810192909252602482015260440161047f565b335f5b8351811015610e6c576020818102858101820151908501909101516001600160a01b03881615610e1e575f828152602081815260408083206001600160a01b038c16845290915290205481811015610df8576040516303dee4c560e01b81526001600160a01b038a16600482015260248101829052604481018390526064810184905260840161047f565b5f838152602081815260408083206001600160a01b038d16845290915290209082900390555b6001600160a01b03871615610e62575f828152602081815260408083206001600160a01b038b16845290915281208054839290610e5c90849061152e565b90915550505b5050600101610d6d565b508251600103610eec5760208301515f906020840151909150856001600160a01b0316876001600160a01b0316846001600160a01b03167fc3d58168c5ae7397731d063d5bbf3d657854427343f4c083240f7aacaa2d0f628585604051610edd929190918252602082015260400190565b60405180910390a450506103ef565b836001600160a01b0316856001600160a01b0316826001600160a01b03167f4a39dc06d4c0dbc64b70af90fd698a233a518aa5d07e595d983b8c0526c8f7fb8686604051610f3b92919061154d565b60405180910390a45050505050565b80356001600160a01b0381168114610f60575f5ffd5b919050565b5f5f60408385031215610f76575f5ffd5b610f7f83610f4a565b946020939093013593505050565b6001600160e01b03198116811461061d575f5ffd5b5f60208284031215610fb2575f5ffd5b8135610fbd81610f8d565b9392505050565b5f60208284031215610fd4575f5ffd5b5035919050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f610fbd6020830184610fdb565b5f5f5f6060848603121561102d575f5ffd5b61103684610f4a565b95602085013595506040909401359392505050565b634e487b7160e01b5f52604160045260245ffd5b604051601f8201601f1916810167ffffffffffffffff811182821017156110885761108861104b565b604052919050565b5f67ffffffffffffffff8211156110a9576110a961104b565b5060051b60200190565b5f82601f8301126110c2575f5ffd5b81356110d56110d082611090565b61105f565b8082825260208201915060208360051b8601019250858311156110f6575f5ffd5b602085015b838110156111135780358352602092830192016110fb565b5095945050505050565b5f82601f83011261112c575f5ffd5b813567ffffffffffffffff8111156111465761114661104b565b611159601f8201601f191660200161105f565b81815284602083860101111561116d575f5ffd5b816020850160208301375f918101602001919091529392505050565b5f5f5f5f5f60a0868803121561119d575f5ffd5b6111a686610f4a565b94506111b460208701610f4a565b9350604086013567ffffffffffffffff8111156111cf575f5ffd5b6111db888289016110b3565b935050606086013567ffffffffffffffff8111156111f7575f5ffd5b611203888289016110b3565b925050608086013567ffffffffffffffff81111561121f575f5ffd5b61122b8882890161111d565b9150509295509295909350565b5f5f60408385031215611249575f5ffd5b8235915061125960208401610f4a565b90509250929050565b5f5f60408385031215611273575f5ffd5b823567ffffffffffffffff811115611289575f5ffd5b8301601f81018513611299575f5ffd5b80356112a76110d082611090565b8082825260208201915060208360051b8501019250878311156112c8575f5ffd5b6020840193505b828410156112f1576112e084610f4a565b8252602093840193909101906112cf565b9450505050602083013567ffffffffffffffff81111561130f575f5ffd5b61131b858286016110b3565b9150509250929050565b5f8151808452602084019350602083015f5b82811015611355578151865260209586019590910190600101611337565b5093949350505050565b602081525f610fbd6020830184611325565b5f5f60408385031215611382575f5ffd5b61138b83610f4a565b91506020830135801515811461139f575f5ffd5b809150509250929050565b5f5f604083850312156113bb575f5ffd5b6113c483610f4a565b915061125960208401610f4a565b5f5f5f5f5f60a086880312156113e6575f5ffd5b6113ef86610f4a565b94506113fd60208701610f4a565b93506040860135925060608601359150608086013567ffffffffffffffff81111561121f575f5ffd5b600181811c9082168061143a57607f821691505b60208210810361145857634e487b7160e01b5f52602260045260245ffd5b50919050565b634e487b7160e01b5f52603260045260245ffd5b6001600160a01b0386811682528516602082015260a0604082018190525f9061149d90830186611325565b82810360608401526114af8186611325565b905082810360808401526114c38185610fdb565b98975050505050505050565b5f602082840312156114df575f5ffd5b8151610fbd81610f8d565b6001600160a01b03868116825285166020820152604081018490526060810183905260a0608082018190525f9061152390830184610fdb565b979650505050505050565b808201808211156102eb57634e487b7160e01b5f52601160045260245ffd5b604081525f61155f6040830185611325565b82810360208401526115718185611325565b9594505050505056fea26469706673582212203c1d75a11e29f100aef7fc056d271b8c957a376a50c0c4e8ac11149ed20772ce64736f6c63430008250033",
}

// BeckonBadge is an auto generated Go binding around an Ethereum contract.
type BeckonBadge struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *BeckonBadge) GetABI() abi.ABI {
	return c.abi
}

// NewBeckonBadge creates a new instance of BeckonBadge.
func NewBeckonBadge() *BeckonBadge {
	parsed, err := BeckonBadgeMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &BeckonBadge{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *BeckonBadge) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(string uri_) returns()
func (beckonBadge *BeckonBadge) PackConstructor(uri_ string) []byte {
	enc, err := beckonBadge.abi.Pack("", uri_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackDEFAULTADMINROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa217fddf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (beckonBadge *BeckonBadge) PackDEFAULTADMINROLE() []byte {
	enc, err := beckonBadge.abi.Pack("DEFAULT_ADMIN_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDEFAULTADMINROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa217fddf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (beckonBadge *BeckonBadge) TryPackDEFAULTADMINROLE() ([]byte, error) {
	return beckonBadge.abi.Pack("DEFAULT_ADMIN_ROLE")
}

// UnpackDEFAULTADMINROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa217fddf.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (beckonBadge *BeckonBadge) UnpackDEFAULTADMINROLE(data []byte) ([32]byte, error) {
	out, err := beckonBadge.abi.Unpack("DEFAULT_ADMIN_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackMINTERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd5391393.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MINTER_ROLE() view returns(bytes32)
func (beckonBadge *BeckonBadge) PackMINTERROLE() []byte {
	enc, err := beckonBadge.abi.Pack("MINTER_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMINTERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd5391393.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MINTER_ROLE() view returns(bytes32)
func (beckonBadge *BeckonBadge) TryPackMINTERROLE() ([]byte, error) {
	return beckonBadge.abi.Pack("MINTER_ROLE")
}

// UnpackMINTERROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd5391393.
//
// Solidity: function MINTER_ROLE() view returns(bytes32)
func (beckonBadge *BeckonBadge) UnpackMINTERROLE(data []byte) ([32]byte, error) {
	out, err := beckonBadge.abi.Unpack("MINTER_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x00fdd58e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address account, uint256 id) view returns(uint256)
func (beckonBadge *BeckonBadge) PackBalanceOf(account common.Address, id *big.Int) []byte {
	enc, err := beckonBadge.abi.Pack("balanceOf", account, id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x00fdd58e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address account, uint256 id) view returns(uint256)
func (beckonBadge *BeckonBadge) TryPackBalanceOf(account common.Address, id *big.Int) ([]byte, error) {
	return beckonBadge.abi.Pack("balanceOf", account, id)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x00fdd58e.
//
// Solidity: function balanceOf(address account, uint256 id) view returns(uint256)
func (beckonBadge *BeckonBadge) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := beckonBadge.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBalanceOfBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e1273f4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOfBatch(address[] accounts, uint256[] ids) view returns(uint256[])
func (beckonBadge *BeckonBadge) PackBalanceOfBatch(accounts []common.Address, ids []*big.Int) []byte {
	enc, err := beckonBadge.abi.Pack("balanceOfBatch", accounts, ids)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOfBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e1273f4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOfBatch(address[] accounts, uint256[] ids) view returns(uint256[])
func (beckonBadge *BeckonBadge) TryPackBalanceOfBatch(accounts []common.Address, ids []*big.Int) ([]byte, error) {
	return beckonBadge.abi.Pack("balanceOfBatch", accounts, ids)
}

// UnpackBalanceOfBatch is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4e1273f4.
//
// Solidity: function balanceOfBatch(address[] accounts, uint256[] ids) view returns(uint256[])
func (beckonBadge *BeckonBadge) UnpackBalanceOfBatch(data []byte) ([]*big.Int, error) {
	out, err := beckonBadge.abi.Unpack("balanceOfBatch", data)
	if err != nil {
		return *new([]*big.Int), err
	}
	out0 := *abi.ConvertType(out[0], new([]*big.Int)).(*[]*big.Int)
	return out0, nil
}

// PackBurn is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf5298aca.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function burn(address from, uint256 id, uint256 amount) returns()
func (beckonBadge *BeckonBadge) PackBurn(from common.Address, id *big.Int, amount *big.Int) []byte {
	enc, err := beckonBadge.abi.Pack("burn", from, id, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBurn is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf5298aca.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function burn(address from, uint256 id, uint256 amount) returns()
func (beckonBadge *BeckonBadge) TryPackBurn(from common.Address, id *big.Int, amount *big.Int) ([]byte, error) {
	return beckonBadge.abi.Pack("burn", from, id, amount)
}

// PackGetRoleAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x248a9ca3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (beckonBadge *BeckonBadge) PackGetRoleAdmin(role [32]byte) []byte {
	enc, err := beckonBadge.abi.Pack("getRoleAdmin", role)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetRoleAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x248a9ca3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (beckonBadge *BeckonBadge) TryPackGetRoleAdmin(role [32]byte) ([]byte, error) {
	return beckonBadge.abi.Pack("getRoleAdmin", role)
}

// UnpackGetRoleAdmin is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x248a9ca3.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (beckonBadge *BeckonBadge) UnpackGetRoleAdmin(data []byte) ([32]byte, error) {
	out, err := beckonBadge.abi.Unpack("getRoleAdmin", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackGrantRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2f2ff15d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function grantRole(bytes32 role, address account) returns()
func (beckonBadge *BeckonBadge) PackGrantRole(role [32]byte, account common.Address) []byte {
	enc, err := beckonBadge.abi.Pack("grantRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGrantRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2f2ff15d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function grantRole(bytes32 role, address account) returns()
func (beckonBadge *BeckonBadge) TryPackGrantRole(role [32]byte, account common.Address) ([]byte, error) {
	return beckonBadge.abi.Pack("grantRole", role, account)
}

// PackHasRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91d14854.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (beckonBadge *BeckonBadge) PackHasRole(role [32]byte, account common.Address) []byte {
	enc, err := beckonBadge.abi.Pack("hasRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHasRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91d14854.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (beckonBadge *BeckonBadge) TryPackHasRole(role [32]byte, account common.Address) ([]byte, error) {
	return beckonBadge.abi.Pack("hasRole", role, account)
}

// UnpackHasRole is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x91d14854.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (beckonBadge *BeckonBadge) UnpackHasRole(data []byte) (bool, error) {
	out, err := beckonBadge.abi.Unpack("hasRole", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackIsApprovedForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe985e9c5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isApprovedForAll(address account, address operator) view returns(bool)
func (beckonBadge *BeckonBadge) PackIsApprovedForAll(account common.Address, operator common.Address) []byte {
	enc, err := beckonBadge.abi.Pack("isApprovedForAll", account, operator)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsApprovedForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe985e9c5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isApprovedForAll(address account, address operator) view returns(bool)
func (beckonBadge *BeckonBadge) TryPackIsApprovedForAll(account common.Address, operator common.Address) ([]byte, error) {
	return beckonBadge.abi.Pack("isApprovedForAll", account, operator)
}

// UnpackIsApprovedForAll is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe985e9c5.
//
// Solidity: function isApprovedForAll(address account, address operator) view returns(bool)
func (beckonBadge *BeckonBadge) UnpackIsApprovedForAll(data []byte) (bool, error) {
	out, err := beckonBadge.abi.Unpack("isApprovedForAll", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x156e29f6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint(address to, uint256 id, uint256 amount) returns()
func (beckonBadge *BeckonBadge) PackMint(to common.Address, id *big.Int, amount *big.Int) []byte {
	enc, err := beckonBadge.abi.Pack("mint", to, id, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x156e29f6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mint(address to, uint256 id, uint256 amount) returns()
func (beckonBadge *BeckonBadge) TryPackMint(to common.Address, id *big.Int, amount *big.Int) ([]byte, error) {
	return beckonBadge.abi.Pack("mint", to, id, amount)
}

// PackRenounceRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x36568abe.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (beckonBadge *BeckonBadge) PackRenounceRole(role [32]byte, callerConfirmation common.Address) []byte {
	enc, err := beckonBadge.abi.Pack("renounceRole", role, callerConfirmation)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRenounceRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x36568abe.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (beckonBadge *BeckonBadge) TryPackRenounceRole(role [32]byte, callerConfirmation common.Address) ([]byte, error) {
	return beckonBadge.abi.Pack("renounceRole", role, callerConfirmation)
}

// PackRevokeRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd547741f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (beckonBadge *BeckonBadge) PackRevokeRole(role [32]byte, account common.Address) []byte {
	enc, err := beckonBadge.abi.Pack("revokeRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRevokeRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd547741f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (beckonBadge *BeckonBadge) TryPackRevokeRole(role [32]byte, account common.Address) ([]byte, error) {
	return beckonBadge.abi.Pack("revokeRole", role, account)
}

// PackSafeBatchTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2eb2c2d6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function safeBatchTransferFrom(address from, address to, uint256[] ids, uint256[] values, bytes data) returns()
func (beckonBadge *BeckonBadge) PackSafeBatchTransferFrom(from common.Address, to common.Address, ids []*big.Int, values []*big.Int, data []byte) []byte {
	enc, err := beckonBadge.abi.Pack("safeBatchTransferFrom", from, to, ids, values, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSafeBatchTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2eb2c2d6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function safeBatchTransferFrom(address from, address to, uint256[] ids, uint256[] values, bytes data) returns()
func (beckonBadge *BeckonBadge) TryPackSafeBatchTransferFrom(from common.Address, to common.Address, ids []*big.Int, values []*big.Int, data []byte) ([]byte, error) {
	return beckonBadge.abi.Pack("safeBatchTransferFrom", from, to, ids, values, data)
}

// PackSafeTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf242432a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 id, uint256 value, bytes data) returns()
func (beckonBadge *BeckonBadge) PackSafeTransferFrom(from common.Address, to common.Address, id *big.Int, value *big.Int, data []byte) []byte {
	enc, err := beckonBadge.abi.Pack("safeTransferFrom", from, to, id, value, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSafeTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf242432a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 id, uint256 value, bytes data) returns()
func (beckonBadge *BeckonBadge) TryPackSafeTransferFrom(from common.Address, to common.Address, id *big.Int, value *big.Int, data []byte) ([]byte, error) {
	return beckonBadge.abi.Pack("safeTransferFrom", from, to, id, value, data)
}

// PackSetApprovalForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa22cb465.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setApprovalForAll(address operator, bool approved) returns()
func (beckonBadge *BeckonBadge) PackSetApprovalForAll(operator common.Address, approved bool) []byte {
	enc, err := beckonBadge.abi.Pack("setApprovalForAll", operator, approved)
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
func (beckonBadge *BeckonBadge) TryPackSetApprovalForAll(operator common.Address, approved bool) ([]byte, error) {
	return beckonBadge.abi.Pack("setApprovalForAll", operator, approved)
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (beckonBadge *BeckonBadge) PackSupportsInterface(interfaceId [4]byte) []byte {
	enc, err := beckonBadge.abi.Pack("supportsInterface", interfaceId)
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
func (beckonBadge *BeckonBadge) TryPackSupportsInterface(interfaceId [4]byte) ([]byte, error) {
	return beckonBadge.abi.Pack("supportsInterface", interfaceId)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (beckonBadge *BeckonBadge) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := beckonBadge.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackUri is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0e89341c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function uri(uint256 ) view returns(string)
func (beckonBadge *BeckonBadge) PackUri(arg0 *big.Int) []byte {
	enc, err := beckonBadge.abi.Pack("uri", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUri is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0e89341c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function uri(uint256 ) view returns(string)
func (beckonBadge *BeckonBadge) TryPackUri(arg0 *big.Int) ([]byte, error) {
	return beckonBadge.abi.Pack("uri", arg0)
}

// UnpackUri is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0e89341c.
//
// Solidity: function uri(uint256 ) view returns(string)
func (beckonBadge *BeckonBadge) UnpackUri(data []byte) (string, error) {
	out, err := beckonBadge.abi.Unpack("uri", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// BeckonBadgeApprovalForAll represents a ApprovalForAll event raised by the BeckonBadge contract.
type BeckonBadgeApprovalForAll struct {
	Account  common.Address
	Operator common.Address
	Approved bool
	Raw      *types.Log // Blockchain specific contextual infos
}

const BeckonBadgeApprovalForAllEventName = "ApprovalForAll"

// ContractEventName returns the user-defined event name.
func (BeckonBadgeApprovalForAll) ContractEventName() string {
	return BeckonBadgeApprovalForAllEventName
}

// UnpackApprovalForAllEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ApprovalForAll(address indexed account, address indexed operator, bool approved)
func (beckonBadge *BeckonBadge) UnpackApprovalForAllEvent(log *types.Log) (*BeckonBadgeApprovalForAll, error) {
	event := "ApprovalForAll"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonBadge.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonBadgeApprovalForAll)
	if len(log.Data) > 0 {
		if err := beckonBadge.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonBadge.abi.Events[event].Inputs {
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

// BeckonBadgeRoleAdminChanged represents a RoleAdminChanged event raised by the BeckonBadge contract.
type BeckonBadgeRoleAdminChanged struct {
	Role              [32]byte
	PreviousAdminRole [32]byte
	NewAdminRole      [32]byte
	Raw               *types.Log // Blockchain specific contextual infos
}

const BeckonBadgeRoleAdminChangedEventName = "RoleAdminChanged"

// ContractEventName returns the user-defined event name.
func (BeckonBadgeRoleAdminChanged) ContractEventName() string {
	return BeckonBadgeRoleAdminChangedEventName
}

// UnpackRoleAdminChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)
func (beckonBadge *BeckonBadge) UnpackRoleAdminChangedEvent(log *types.Log) (*BeckonBadgeRoleAdminChanged, error) {
	event := "RoleAdminChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonBadge.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonBadgeRoleAdminChanged)
	if len(log.Data) > 0 {
		if err := beckonBadge.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonBadge.abi.Events[event].Inputs {
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

// BeckonBadgeRoleGranted represents a RoleGranted event raised by the BeckonBadge contract.
type BeckonBadgeRoleGranted struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const BeckonBadgeRoleGrantedEventName = "RoleGranted"

// ContractEventName returns the user-defined event name.
func (BeckonBadgeRoleGranted) ContractEventName() string {
	return BeckonBadgeRoleGrantedEventName
}

// UnpackRoleGrantedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)
func (beckonBadge *BeckonBadge) UnpackRoleGrantedEvent(log *types.Log) (*BeckonBadgeRoleGranted, error) {
	event := "RoleGranted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonBadge.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonBadgeRoleGranted)
	if len(log.Data) > 0 {
		if err := beckonBadge.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonBadge.abi.Events[event].Inputs {
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

// BeckonBadgeRoleRevoked represents a RoleRevoked event raised by the BeckonBadge contract.
type BeckonBadgeRoleRevoked struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const BeckonBadgeRoleRevokedEventName = "RoleRevoked"

// ContractEventName returns the user-defined event name.
func (BeckonBadgeRoleRevoked) ContractEventName() string {
	return BeckonBadgeRoleRevokedEventName
}

// UnpackRoleRevokedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)
func (beckonBadge *BeckonBadge) UnpackRoleRevokedEvent(log *types.Log) (*BeckonBadgeRoleRevoked, error) {
	event := "RoleRevoked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonBadge.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonBadgeRoleRevoked)
	if len(log.Data) > 0 {
		if err := beckonBadge.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonBadge.abi.Events[event].Inputs {
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

// BeckonBadgeTransferBatch represents a TransferBatch event raised by the BeckonBadge contract.
type BeckonBadgeTransferBatch struct {
	Operator common.Address
	From     common.Address
	To       common.Address
	Ids      []*big.Int
	Values   []*big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const BeckonBadgeTransferBatchEventName = "TransferBatch"

// ContractEventName returns the user-defined event name.
func (BeckonBadgeTransferBatch) ContractEventName() string {
	return BeckonBadgeTransferBatchEventName
}

// UnpackTransferBatchEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event TransferBatch(address indexed operator, address indexed from, address indexed to, uint256[] ids, uint256[] values)
func (beckonBadge *BeckonBadge) UnpackTransferBatchEvent(log *types.Log) (*BeckonBadgeTransferBatch, error) {
	event := "TransferBatch"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonBadge.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonBadgeTransferBatch)
	if len(log.Data) > 0 {
		if err := beckonBadge.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonBadge.abi.Events[event].Inputs {
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

// BeckonBadgeTransferSingle represents a TransferSingle event raised by the BeckonBadge contract.
type BeckonBadgeTransferSingle struct {
	Operator common.Address
	From     common.Address
	To       common.Address
	Id       *big.Int
	Value    *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const BeckonBadgeTransferSingleEventName = "TransferSingle"

// ContractEventName returns the user-defined event name.
func (BeckonBadgeTransferSingle) ContractEventName() string {
	return BeckonBadgeTransferSingleEventName
}

// UnpackTransferSingleEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event TransferSingle(address indexed operator, address indexed from, address indexed to, uint256 id, uint256 value)
func (beckonBadge *BeckonBadge) UnpackTransferSingleEvent(log *types.Log) (*BeckonBadgeTransferSingle, error) {
	event := "TransferSingle"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonBadge.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonBadgeTransferSingle)
	if len(log.Data) > 0 {
		if err := beckonBadge.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonBadge.abi.Events[event].Inputs {
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

// BeckonBadgeURI represents a URI event raised by the BeckonBadge contract.
type BeckonBadgeURI struct {
	Value string
	Id    *big.Int
	Raw   *types.Log // Blockchain specific contextual infos
}

const BeckonBadgeURIEventName = "URI"

// ContractEventName returns the user-defined event name.
func (BeckonBadgeURI) ContractEventName() string {
	return BeckonBadgeURIEventName
}

// UnpackURIEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event URI(string value, uint256 indexed id)
func (beckonBadge *BeckonBadge) UnpackURIEvent(log *types.Log) (*BeckonBadgeURI, error) {
	event := "URI"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != beckonBadge.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BeckonBadgeURI)
	if len(log.Data) > 0 {
		if err := beckonBadge.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range beckonBadge.abi.Events[event].Inputs {
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
func (beckonBadge *BeckonBadge) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], beckonBadge.abi.Errors["AccessControlBadConfirmation"].ID.Bytes()[:4]) {
		return beckonBadge.UnpackAccessControlBadConfirmationError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonBadge.abi.Errors["AccessControlUnauthorizedAccount"].ID.Bytes()[:4]) {
		return beckonBadge.UnpackAccessControlUnauthorizedAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonBadge.abi.Errors["ERC1155InsufficientBalance"].ID.Bytes()[:4]) {
		return beckonBadge.UnpackERC1155InsufficientBalanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonBadge.abi.Errors["ERC1155InvalidApprover"].ID.Bytes()[:4]) {
		return beckonBadge.UnpackERC1155InvalidApproverError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonBadge.abi.Errors["ERC1155InvalidArrayLength"].ID.Bytes()[:4]) {
		return beckonBadge.UnpackERC1155InvalidArrayLengthError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonBadge.abi.Errors["ERC1155InvalidOperator"].ID.Bytes()[:4]) {
		return beckonBadge.UnpackERC1155InvalidOperatorError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonBadge.abi.Errors["ERC1155InvalidReceiver"].ID.Bytes()[:4]) {
		return beckonBadge.UnpackERC1155InvalidReceiverError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonBadge.abi.Errors["ERC1155InvalidSender"].ID.Bytes()[:4]) {
		return beckonBadge.UnpackERC1155InvalidSenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonBadge.abi.Errors["ERC1155MissingApprovalForAll"].ID.Bytes()[:4]) {
		return beckonBadge.UnpackERC1155MissingApprovalForAllError(raw[4:])
	}
	if bytes.Equal(raw[:4], beckonBadge.abi.Errors["Soulbound"].ID.Bytes()[:4]) {
		return beckonBadge.UnpackSoulboundError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// BeckonBadgeAccessControlBadConfirmation represents a AccessControlBadConfirmation error raised by the BeckonBadge contract.
type BeckonBadgeAccessControlBadConfirmation struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlBadConfirmation()
func BeckonBadgeAccessControlBadConfirmationErrorID() common.Hash {
	return common.HexToHash("0x6697b23232a647058342c0724fe7c415cab25915b54e5dbc03f233173d37b41c")
}

// UnpackAccessControlBadConfirmationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlBadConfirmation()
func (beckonBadge *BeckonBadge) UnpackAccessControlBadConfirmationError(raw []byte) (*BeckonBadgeAccessControlBadConfirmation, error) {
	out := new(BeckonBadgeAccessControlBadConfirmation)
	if err := beckonBadge.abi.UnpackIntoInterface(out, "AccessControlBadConfirmation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonBadgeAccessControlUnauthorizedAccount represents a AccessControlUnauthorizedAccount error raised by the BeckonBadge contract.
type BeckonBadgeAccessControlUnauthorizedAccount struct {
	Account    common.Address
	NeededRole [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func BeckonBadgeAccessControlUnauthorizedAccountErrorID() common.Hash {
	return common.HexToHash("0xe2517d3fbfae6f8515ef5ff1ccedc3933ab0cbbda0b492c06eb54ad10ef03b3e")
}

// UnpackAccessControlUnauthorizedAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func (beckonBadge *BeckonBadge) UnpackAccessControlUnauthorizedAccountError(raw []byte) (*BeckonBadgeAccessControlUnauthorizedAccount, error) {
	out := new(BeckonBadgeAccessControlUnauthorizedAccount)
	if err := beckonBadge.abi.UnpackIntoInterface(out, "AccessControlUnauthorizedAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonBadgeERC1155InsufficientBalance represents a ERC1155InsufficientBalance error raised by the BeckonBadge contract.
type BeckonBadgeERC1155InsufficientBalance struct {
	Sender  common.Address
	Balance *big.Int
	Needed  *big.Int
	TokenId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1155InsufficientBalance(address sender, uint256 balance, uint256 needed, uint256 tokenId)
func BeckonBadgeERC1155InsufficientBalanceErrorID() common.Hash {
	return common.HexToHash("0x03dee4c573c982787b5f3537d6323ffaca9d864448aa6bd828ada9e5d0837036")
}

// UnpackERC1155InsufficientBalanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1155InsufficientBalance(address sender, uint256 balance, uint256 needed, uint256 tokenId)
func (beckonBadge *BeckonBadge) UnpackERC1155InsufficientBalanceError(raw []byte) (*BeckonBadgeERC1155InsufficientBalance, error) {
	out := new(BeckonBadgeERC1155InsufficientBalance)
	if err := beckonBadge.abi.UnpackIntoInterface(out, "ERC1155InsufficientBalance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonBadgeERC1155InvalidApprover represents a ERC1155InvalidApprover error raised by the BeckonBadge contract.
type BeckonBadgeERC1155InvalidApprover struct {
	Approver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1155InvalidApprover(address approver)
func BeckonBadgeERC1155InvalidApproverErrorID() common.Hash {
	return common.HexToHash("0x3e31884e33c33ce0039d1905e3c252950ae3b95240f36d4fff81f5ff6752ef99")
}

// UnpackERC1155InvalidApproverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1155InvalidApprover(address approver)
func (beckonBadge *BeckonBadge) UnpackERC1155InvalidApproverError(raw []byte) (*BeckonBadgeERC1155InvalidApprover, error) {
	out := new(BeckonBadgeERC1155InvalidApprover)
	if err := beckonBadge.abi.UnpackIntoInterface(out, "ERC1155InvalidApprover", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonBadgeERC1155InvalidArrayLength represents a ERC1155InvalidArrayLength error raised by the BeckonBadge contract.
type BeckonBadgeERC1155InvalidArrayLength struct {
	IdsLength    *big.Int
	ValuesLength *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1155InvalidArrayLength(uint256 idsLength, uint256 valuesLength)
func BeckonBadgeERC1155InvalidArrayLengthErrorID() common.Hash {
	return common.HexToHash("0x5b0599913619cfa5633692652638ed25cafcd079c9beae8c251b12c23dcc83f2")
}

// UnpackERC1155InvalidArrayLengthError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1155InvalidArrayLength(uint256 idsLength, uint256 valuesLength)
func (beckonBadge *BeckonBadge) UnpackERC1155InvalidArrayLengthError(raw []byte) (*BeckonBadgeERC1155InvalidArrayLength, error) {
	out := new(BeckonBadgeERC1155InvalidArrayLength)
	if err := beckonBadge.abi.UnpackIntoInterface(out, "ERC1155InvalidArrayLength", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonBadgeERC1155InvalidOperator represents a ERC1155InvalidOperator error raised by the BeckonBadge contract.
type BeckonBadgeERC1155InvalidOperator struct {
	Operator common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1155InvalidOperator(address operator)
func BeckonBadgeERC1155InvalidOperatorErrorID() common.Hash {
	return common.HexToHash("0xced3e10010b9d2aa24827119d0db4a8feec73aea48b4b3e470d8a9f3ff723569")
}

// UnpackERC1155InvalidOperatorError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1155InvalidOperator(address operator)
func (beckonBadge *BeckonBadge) UnpackERC1155InvalidOperatorError(raw []byte) (*BeckonBadgeERC1155InvalidOperator, error) {
	out := new(BeckonBadgeERC1155InvalidOperator)
	if err := beckonBadge.abi.UnpackIntoInterface(out, "ERC1155InvalidOperator", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonBadgeERC1155InvalidReceiver represents a ERC1155InvalidReceiver error raised by the BeckonBadge contract.
type BeckonBadgeERC1155InvalidReceiver struct {
	Receiver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1155InvalidReceiver(address receiver)
func BeckonBadgeERC1155InvalidReceiverErrorID() common.Hash {
	return common.HexToHash("0x57f447ceed621d9e134e26de5772c88799abb7322ce2a87f95dce247d47105c6")
}

// UnpackERC1155InvalidReceiverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1155InvalidReceiver(address receiver)
func (beckonBadge *BeckonBadge) UnpackERC1155InvalidReceiverError(raw []byte) (*BeckonBadgeERC1155InvalidReceiver, error) {
	out := new(BeckonBadgeERC1155InvalidReceiver)
	if err := beckonBadge.abi.UnpackIntoInterface(out, "ERC1155InvalidReceiver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonBadgeERC1155InvalidSender represents a ERC1155InvalidSender error raised by the BeckonBadge contract.
type BeckonBadgeERC1155InvalidSender struct {
	Sender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1155InvalidSender(address sender)
func BeckonBadgeERC1155InvalidSenderErrorID() common.Hash {
	return common.HexToHash("0x01a83514e94b34009110b75cac6742ba33bd7c62f18a3616bafea52855d3b175")
}

// UnpackERC1155InvalidSenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1155InvalidSender(address sender)
func (beckonBadge *BeckonBadge) UnpackERC1155InvalidSenderError(raw []byte) (*BeckonBadgeERC1155InvalidSender, error) {
	out := new(BeckonBadgeERC1155InvalidSender)
	if err := beckonBadge.abi.UnpackIntoInterface(out, "ERC1155InvalidSender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonBadgeERC1155MissingApprovalForAll represents a ERC1155MissingApprovalForAll error raised by the BeckonBadge contract.
type BeckonBadgeERC1155MissingApprovalForAll struct {
	Operator common.Address
	Owner    common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1155MissingApprovalForAll(address operator, address owner)
func BeckonBadgeERC1155MissingApprovalForAllErrorID() common.Hash {
	return common.HexToHash("0xe237d922be9fac42efeaaaffb42cc6b57e0ff95d94a1b74daeff69adc7657754")
}

// UnpackERC1155MissingApprovalForAllError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1155MissingApprovalForAll(address operator, address owner)
func (beckonBadge *BeckonBadge) UnpackERC1155MissingApprovalForAllError(raw []byte) (*BeckonBadgeERC1155MissingApprovalForAll, error) {
	out := new(BeckonBadgeERC1155MissingApprovalForAll)
	if err := beckonBadge.abi.UnpackIntoInterface(out, "ERC1155MissingApprovalForAll", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BeckonBadgeSoulbound represents a Soulbound error raised by the BeckonBadge contract.
type BeckonBadgeSoulbound struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error Soulbound()
func BeckonBadgeSoulboundErrorID() common.Hash {
	return common.HexToHash("0xa4420a95d7f3ff69d13904950688298cd959b03d9bf658c77c6903bcb26e7911")
}

// UnpackSoulboundError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error Soulbound()
func (beckonBadge *BeckonBadge) UnpackSoulboundError(raw []byte) (*BeckonBadgeSoulbound, error) {
	out := new(BeckonBadgeSoulbound)
	if err := beckonBadge.abi.UnpackIntoInterface(out, "Soulbound", raw); err != nil {
		return nil, err
	}
	return out, nil
}
